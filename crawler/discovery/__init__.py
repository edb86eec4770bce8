"""Discovery: seeds, feeds and sitemaps, article links, the frontier of URLs to fetch."""
