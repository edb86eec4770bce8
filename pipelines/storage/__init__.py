"""Storage: models, engine, migrations, URL state, runs, and the article writer."""
