"""The only place where kg declares ``Doc``/``Span`` extensions."""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS = {"kg_relations": None}  # list of relation dicts, see kg.pipeline.relation_ruler


def set_extensions() -> None:
    """Declare kg's extensions once (they are global class state; never ``force=True``)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
