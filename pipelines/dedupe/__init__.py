"""Deduplication: canonical URLs and text fingerprints, so every article is stored once."""
