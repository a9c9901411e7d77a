"""Fact types: plain frozen dataclasses (no spaCy), shared by facts/, graph/ and export/."""

from __future__ import annotations

from dataclasses import dataclass

GRAPH_TYPES = ("PERSON", "GOV_ORG", "COMPANY", "ORG", "PROJECT", "EVENT", "DOCUMENT", "PLACE")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document; ``start``/``end`` index ``Document.text``."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    orig_start: int
    orig_end: int


@dataclass(frozen=True)
class Mention:
    """One entity mention; ``start``/``end`` index ``Document.text``, ``orig_*`` the original file."""

    text: str
    label: str
    doc_id: str
    sent_index: int
    start: int
    end: int
    orig_start: int
    orig_end: int
    source: str = "ner"  # the rule pattern id, "ner", "byline" or "propagated"
