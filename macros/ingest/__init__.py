"""Drafting a chapter from its verbatim slide text: reading, aligning with the last release, review, YAML edits."""
