"""Graph → files. Nothing here imports spaCy."""
