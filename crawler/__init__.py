"""The Scrapy project: settings, the spider, items and URL handling."""
