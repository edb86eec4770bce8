"""The analytics feed: exports of the stored tables (whole or incremental) and the HTML report."""
