"""kg: offline knowledge graphs from Chinese news and government text.

>>> import kg
>>> nlp = kg.load_pipeline()                      # doctest: +SKIP
>>> result = kg.build(["page.txt"], "output")     # doctest: +SKIP
>>> kgraph = kg.KnowledgeGraph.read_json("output/graph.json")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "build", "load_pipeline", "read_file", "read_text"]

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.api import KnowledgeGraph
    from kg.builder import BuildResult


def load_pipeline(*args: Any, **kwargs: Any) -> Language:
    """kg's spaCy pipeline (see :func:`kg.pipeline.assemble.load_pipeline`)."""
    from kg.pipeline.assemble import load_pipeline as _load

    return _load(*args, **kwargs)


def build(*args: Any, **kwargs: Any) -> BuildResult:
    """Build the knowledge graph of files or folders (see :func:`kg.builder.build`)."""
    from kg.builder import build as _build

    return _build(*args, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from kg.api import KnowledgeGraph

        return KnowledgeGraph
    if name in ("read_file", "read_text"):
        from kg import reader

        return getattr(reader, name)
    raise AttributeError(name)
