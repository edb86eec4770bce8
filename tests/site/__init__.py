"""A local news site that the end-to-end tests start on a free port."""
