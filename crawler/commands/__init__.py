"""Project commands: ``crawl`` with an exit status that tells how the run ended; ``export`` and ``report``."""
