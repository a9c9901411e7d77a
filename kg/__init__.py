"""kg: offline knowledge graphs from Chinese news and government text.

>>> import kg
>>> nlp = kg.load_pipeline()                      # doctest: +SKIP
>>> result = kg.build(["page.txt"], "output")     # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["load_pipeline", "build", "read_file", "read_text", "KnowledgeGraph"]

if TYPE_CHECKING:
    from spacy.language import Language


def load_pipeline(**kwargs: Any) -> Language:
    """kg's spaCy pipeline (see :func:`kg.pipeline.assemble.load_pipeline`)."""
    from kg.pipeline.assemble import load_pipeline as _load

    return _load(**kwargs)


def __getattr__(name: str) -> Any:
    if name == "build":
        from kg.build import build

        return build
    if name == "KnowledgeGraph":
        from kg.graph.query import KnowledgeGraph

        return KnowledgeGraph
    if name in ("read_file", "read_text"):
        from kg import reader

        return getattr(reader, name)
    raise AttributeError(name)
