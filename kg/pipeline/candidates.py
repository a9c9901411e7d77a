"""Candidate facts of a sentence: what the relation components put on ``doc._.kg_relations``.

The relation frames (:mod:`kg.pipeline.relation_ruler`) and the relation classifier
(:mod:`kg.pipeline.relation_model`) each append :class:`Candidate` records; the facts stage
(:func:`kg.facts.relations.resolve_relations`) turns them into
:class:`~kg.facts.types.Relation` records of the document.

Examples
--------
>>> head, tail = Arg(6, 9, "PERSON", "李子荣"), Arg(0, 4, "GOV_ORG", "市水利局")
>>> Candidate("HOLDS_POSITION", head, tail, title="局长", frame="post-org-title-person").tail.text
'市水利局'
>>> Arg.implied("市政府").start
-1
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Arg:
    """One end of a candidate fact: a span of the sentence (character offsets), with its label
    and text; an anaphor's text is the anaphor (该公司); a body only a title implies (市长 →
    市政府) has ``start == end == -1``."""

    start: int
    end: int
    label: str
    text: str

    @classmethod
    def implied(cls, body: str, label: str = "GOV_ORG") -> Arg:
        """The body a title implies, which the sentence does not name."""
        return cls(-1, -1, label, body)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class Candidate:
    """A fact a component reads in a sentence: ``relation`` from ``head`` to ``tail``, the
    ``title`` of a post, the ``frame`` that found it (``"model"`` for the classifier) and, from
    the classifier, its probability ``score``."""

    relation: str
    head: Arg
    tail: Arg
    title: str | None = None
    frame: str = ""
    score: float | None = None
