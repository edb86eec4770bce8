"""Fetching safety: guards, encodings, retries and robots.txt around every download."""
