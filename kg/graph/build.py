"""Build the entity graph from mentions."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

import networkx as nx

from kg.facts.types import GRAPH_TYPES, Mention, Sentence
from kg.graph.resolve import cluster_names, normal_form

COOCCURRENCE = "MENTIONED_WITH"


def node_id(label: str, key: str) -> str:
    """Stable node id: entity type and normalised canonical name.

    Examples
    --------
    >>> node_id("COMPANY", "鹏飞集团")
    'COMPANY:鹏飞集团'
    """
    return f"{label}:{key}"


_APPOSITION = re.compile(r"^(?:——|—|－－|--)(?:[^，。；、]{1,15}?的)?$")


def appositions(mentions: Sequence[Mention], sentences: Sequence[Sentence]) -> list[tuple[Mention, Mention]]:
    """Pairs of same-type mentions of one sentence joined by a dash (A——B, A——X的B)."""
    by_sent: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_sent[m.sent_index].append(m)
    sent = {s.index: s for s in sentences}
    pairs = []
    for index, ms in by_sent.items():
        if index not in sent:
            continue
        ms = sorted(ms, key=lambda m: m.start)
        for a, b in zip(ms, ms[1:], strict=False):
            between = sent[index].text[a.end - sent[index].start : b.start - sent[index].start]
            if a.label == b.label and a.end <= b.start and _APPOSITION.match(between):
                pairs.append((a, b))
        # an apposition may skip the owner named in between (A——X的B)
        for a in ms:
            for b in ms:
                between = sent[index].text[a.end - sent[index].start : b.start - sent[index].start]
                if a is not b and a.label == b.label and a.end < b.start and _APPOSITION.match(between):
                    pairs.append((a, b))
    return pairs


def resolve_document(mentions: Sequence[Mention], sentences: Sequence[Sentence] = ()) -> dict[Mention, str]:
    """Map each graph-type mention of one document to its node id (see :mod:`kg.graph.resolve`)."""
    by_type: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.label in GRAPH_TYPES:
            by_type[m.label].append(m)
    same = appositions([m for ms in by_type.values() for m in ms], sentences)
    out: dict[Mention, str] = {}
    for label, ms in by_type.items():
        pairs = [
            (normal_form(a.text, label), normal_form(b.text, label)) for a, b in same if a.label == label
        ]
        reps = cluster_names((normal_form(m.text, label) for m in ms), label, pairs)
        for m in ms:
            out[m] = node_id(label, reps[normal_form(m.text, label)])
    return out


def build_graph(
    records: Iterable[tuple[str, Sequence[Sentence], Sequence[Mention]]],
    *,
    cooccurrence: bool = True,
) -> nx.MultiDiGraph:
    """Build the entity graph.

    Parameters
    ----------
    records : iterable of (doc_id, sentences, mentions)
        As produced by :func:`kg.facts.mentions.extract_mentions` (document id instead of
        the document).
    cooccurrence : bool
        Add ``MENTIONED_WITH`` edges between entities of one sentence.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``label``, ``type``, ``aliases`` (``|``-joined), ``mentions`` (int)
        and ``docs`` (``|``-joined ids); ``MENTIONED_WITH`` edges (key = relation) carry
        ``relation``, ``weight`` (sentences), ``evidence`` (first sentence) and ``doc``.

    Examples
    --------
    >>> from kg.facts.types import Mention, Sentence
    >>> s = Sentence("d", 0, 0, 9, "离石电缆与鹏飞集团合作", 0, 9)
    >>> a = Mention("离石电缆", "COMPANY", "d", 0, 0, 4, 0, 4)
    >>> b = Mention("鹏飞集团", "COMPANY", "d", 0, 5, 9, 5, 9)
    >>> ms = [a, b]
    >>> G = build_graph([("d", [s], ms)])
    >>> sorted(G.nodes), G.number_of_edges()
    (['COMPANY:离石电缆', 'COMPANY:鹏飞集团'], 1)
    """
    G = nx.MultiDiGraph()
    surface: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, set[str]] = defaultdict(set)
    for doc_id, sentences, mentions in records:
        ids = resolve_document(mentions, sentences)
        sent_nodes: dict[int, list[str]] = defaultdict(list)
        for m, nid in ids.items():
            surface[nid][m.text] += 1
            docs[nid].add(doc_id)
            if nid not in sent_nodes[m.sent_index]:
                sent_nodes[m.sent_index].append(nid)
        if not cooccurrence:
            continue
        text_of = {s.index: s.text for s in sentences}
        for index, nodes in sent_nodes.items():
            for a, b in combinations(sorted(nodes), 2):
                if G.has_edge(a, b, key=COOCCURRENCE):
                    G.edges[a, b, COOCCURRENCE]["weight"] += 1
                else:
                    G.add_edge(
                        a,
                        b,
                        key=COOCCURRENCE,
                        relation=COOCCURRENCE,
                        weight=1,
                        evidence=text_of.get(index, ""),
                        doc=doc_id,
                    )
    for nid, forms in surface.items():
        label_type, key = nid.split(":", 1)
        names = {normal_form(f, label_type): f for f, _ in forms.most_common()[::-1]}
        label = names.get(key, key)
        aliases = sorted({f for f in names.values() if f != label})
        G.add_node(
            nid,
            label=label,
            type=label_type,
            aliases="|".join(aliases),
            mentions=sum(forms.values()),
            docs="|".join(sorted(docs[nid])),
        )
    return G
