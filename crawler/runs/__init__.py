"""Run bookkeeping: a run's verdict, drops and per-seed yield, kept in ``crawl_runs``."""
