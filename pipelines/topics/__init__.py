"""Topic tagging: companies named, and whether an article reports a partnership."""
