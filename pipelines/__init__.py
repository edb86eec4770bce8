"""What a fetched page becomes: clean text, tagged, de-duplicated, stored."""
