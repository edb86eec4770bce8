"""Body extraction: the article's paragraphs as lines, without chrome, with its lead."""
