"""Item pipelines: what a fetched page becomes (extract, tag, deduplicate, store)."""
