"""Project commands: ``crawl`` is replaced by one whose exit status tells how the run ended."""
