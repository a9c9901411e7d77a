"""Fact records: frozen dataclasses (no spaCy), from the extraction to the graph and the store.

A document's facts are one :class:`DocFacts`: its :class:`Sentence` list, its
:class:`Mention` list and its :class:`Relation` list. :mod:`kg.facts.store` writes and reads
them (``documents.jsonl``) field for field, and :func:`kg.graph.build.build_graph` folds them
into the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.schema import COOCCURRENCE, GRAPH_TYPES

__all__ = ["COOCCURRENCE", "GRAPH_TYPES", "DocFacts", "Mention", "Relation", "Sentence"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document; ``start``/``end`` index ``Document.text``.

    A sentence of a PDF page also has its ``page`` (1-based) and ``bbox``: one box
    ``(x0, top, x1, bottom)`` in points from the page's top left per stretch of the
    sentence in one column (two when it is continued in the next column; see
    :func:`kg.reader.pdf.evidence_boxes`).
    """

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    orig_start: int
    orig_end: int
    article: int = 0
    page: int | None = None  # PDF input only
    bbox: tuple[tuple[float, float, float, float], ...] | None = None  # PDF input only


@dataclass(frozen=True)
class Mention:
    """One entity mention; ``start``/``end`` index ``Document.text``, ``orig_*`` the original file.

    An implied body (市政府 for a bare 市长) is a mention with ``start == -1``.
    """

    text: str
    label: str
    doc_id: str
    sent_index: int
    start: int
    end: int
    orig_start: int
    orig_end: int
    source: str = "ner"  # the rule pattern id, "ner", "byline", "propagated" or "implied"


@dataclass(frozen=True)
class Relation:
    """A typed fact between two mentions, with its evidence.

    ``date`` is an ISO date stated in the sentence, when there is one; ``frame`` names what
    found the fact; ``amount`` is the sum an INVESTS_IN sentence states (总投资208亿元 → 208亿元).
    """

    relation: str
    head: Mention
    tail: Mention
    sentence: Sentence
    title: str | None = None
    date: str | None = None
    frame: str = ""
    amount: str | None = None


@dataclass
class DocFacts:
    """The facts of one document (or of one part of a very long one: parts share id and hash)."""

    doc_id: str
    hash: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
