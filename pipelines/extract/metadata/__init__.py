"""Metadata: headline, authors, times, site, language, canonical URL as stated."""
