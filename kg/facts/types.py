"""Fact types: plain frozen dataclasses (no spaCy), shared by facts/, graph/ and export/."""

from __future__ import annotations

from dataclasses import dataclass

COOCCURRENCE = "MENTIONED_WITH"  # co-occurrence edges: not a fact
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
    article: int = 0


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


@dataclass(frozen=True)
class Relation:
    """A typed fact between two mentions, with its evidence.

    ``head``/``tail`` are mentions of the document (an implied body such as 市政府 for
    市长 is a mention with ``start == -1``); ``date`` is an ISO date stated in the
    sentence, when there is one.
    """

    relation: str
    head: Mention
    tail: Mention
    sentence: Sentence
    title: str | None = None
    date: str | None = None
    frame: str = ""
    amount: str | None = None  # INVESTS_IN: the sum stated in the sentence (总投资208亿元 → 208亿元)
