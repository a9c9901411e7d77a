"""Doc → facts: entity mentions with their evidence (pure data, no spaCy types)."""
