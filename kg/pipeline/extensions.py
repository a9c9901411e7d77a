"""The only place where kg declares ``Doc``/``Span`` extensions."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.schema import RELATIONS_ATTR

DOC_EXTENSIONS = {RELATIONS_ATTR: None}  # a sentence's candidate facts, see kg.pipeline.relation_ruler


def set_extensions() -> None:
    """Declare kg's extensions once (they are global class state; never ``force=True``)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
