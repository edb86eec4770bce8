"""The Scrapy project: what to fetch, fetching it safely, and each run's bookkeeping."""
