"""Scale-out: many crawl processes share one run through Redis (scrapy-redis) and one PostgreSQL."""
