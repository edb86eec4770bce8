"""The HTML report: charts of stories, company pairs, sources, seeds and runs in one file."""
