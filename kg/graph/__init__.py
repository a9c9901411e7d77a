"""Facts → networkx graph. Nothing here imports spaCy."""
