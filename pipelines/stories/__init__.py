"""Stories: near-duplicate articles marked, and the articles reporting one event grouped."""
