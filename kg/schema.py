"""kg's schema, defined once: entity labels, relations, span keys, node and edge fields.

Every other module takes these names from here, so that a label or a field is spelt in one
place. Nothing here imports spaCy or networkx.

Examples
--------
>>> "TITLE" in ENTITY_LABELS, "TITLE" in GRAPH_TYPES
(True, False)
>>> RELATIONS["HOLDS_POSITION"].head
('PERSON',)
"""

from __future__ import annotations

from typing import NamedTuple

# -- entities -------------------------------------------------------------------------------

ORG_TYPES = ("GOV_ORG", "COMPANY", "ORG")
GRAPH_TYPES = ("PERSON", *ORG_TYPES, "PROJECT", "EVENT", "DOCUMENT", "PLACE")
"""Entity labels that become graph nodes."""
TITLE = "TITLE"
ENTITY_LABELS = ("PERSON", TITLE, *GRAPH_TYPES[1:])
"""Every label of ``doc.ents``: the graph types and TITLE (job titles, used by relations)."""

# -- relations ------------------------------------------------------------------------------


class RelationType(NamedTuple):
    """A relation's name and the entity types its head and tail may have."""

    name: str
    head: tuple[str, ...]
    tail: tuple[str, ...]
    symmetric: bool = False


_LOCATABLE = (*ORG_TYPES, "PROJECT", "EVENT", "PLACE")
RELATIONS = {
    r.name: r
    for r in (
        RelationType("HOLDS_POSITION", ("PERSON",), ORG_TYPES),
        RelationType("PART_OF", (*ORG_TYPES, "PROJECT"), (*ORG_TYPES, "PROJECT")),
        RelationType("COOPERATES_WITH", ORG_TYPES, ORG_TYPES, symmetric=True),
        RelationType("LOCATED_IN", _LOCATABLE, ("PLACE", "PROJECT")),
        RelationType("RUNS_PROJECT", ORG_TYPES, ("PROJECT",)),
        RelationType("INVESTS_IN", ORG_TYPES, ("PROJECT", "COMPANY")),
        RelationType("ISSUED", ORG_TYPES, ("DOCUMENT",)),
        RelationType("APPROVED", ORG_TYPES, ("DOCUMENT", "PROJECT")),
        RelationType("ORGANIZED", ORG_TYPES, ("EVENT",)),
        RelationType("SPOKE_AT", ("PERSON",), ("EVENT",)),
        RelationType("ATTENDED", ("PERSON",), ("EVENT",)),
    )
}
"""The typed facts kg extracts, by name."""
COOCCURRENCE = "MENTIONED_WITH"
"""Edges between names mentioned together: not a fact."""

# -- spaCy span keys and extensions -----------------------------------------------------------

NESTED_KEY = "kg_nested"
"""``doc.spans`` key of entities inside entities (孝义 in 孝义鹏飞集团)."""
RELATIONS_ATTR = "kg_relations"
"""``doc._`` attribute holding a sentence's candidate facts (:class:`kg.facts.types.Candidate`)."""

# -- graph fields ---------------------------------------------------------------------------

NODE_FIELDS = (
    "label",
    "type",
    "aliases",
    "mentions",
    "docs",
    "first_seen",
    "last_seen",
    "locality",
    "within",
)
"""Node attributes, in the order the tables list them (``mentions`` is an int)."""
EDGE_FIELDS = (
    "relation",
    "weight",
    "title",
    "amount",
    "date",
    "doc",
    "evidence",
    "evidence_start",
    "evidence_end",
)
"""Edge attributes besides ``provenance`` (``weight`` and the offsets are ints)."""
STATEMENT_FIELDS = ("doc", "sentence", "start", "end", "date", "title", "frame", "amount")
"""The fields of one statement of a fact, in an edge's ``provenance`` list."""
INT_FIELDS = frozenset({"mentions", "weight", "evidence_start", "evidence_end", "start", "end"})
