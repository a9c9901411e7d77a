"""Build the knowledge graph from mentions and relations (no spaCy here)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import networkx as nx

from kg.facts.locality import Locality, containers, division_of, locality_of
from kg.facts.relations import iso_dates
from kg.facts.types import DocFacts, Mention, Relation, Sentence
from kg.graph.resolve import cluster_names
from kg.names import normal_form
from kg.schema import COOCCURRENCE, GRAPH_TYPES


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


# Co-occurrence is "mentioned together", which a sentence of news (about 45 characters,
# rarely over 100) shows; a list of a hundred names with no full stop is not: within it,
# a name is linked to its neighbours only, and the edges grow with its length, not its square.
COOCCURRENCE_WINDOW = 100
EVIDENCE_CHARS = 300


def cooccurring_pairs(
    ids: dict[Mention, str], sentences: Sequence[Sentence], window: int = COOCCURRENCE_WINDOW
) -> dict[tuple[str, str], tuple[int, Mention, Mention]]:
    """Node pairs mentioned in one sentence at most ``window`` characters apart.

    ``ids`` maps mentions to node ids (:func:`resolve_document`). Returns, for each pair
    ``(a, b)`` with ``a < b``, the number of sentences that state it and the first two
    mentions that do (in document order). Overlapping mentions (孝义 in 孝义鹏飞集团)
    count as 0 characters apart.

    Examples
    --------
    >>> s = Sentence("d", 0, 0, 9, "离石电缆与鹏飞集团合作", 0, 9)
    >>> a = Mention("离石电缆", "COMPANY", "d", 0, 0, 4, 0, 4)
    >>> b = Mention("鹏飞集团", "COMPANY", "d", 0, 5, 9, 5, 9)
    >>> ids = {a: "COMPANY:离石电缆", b: "COMPANY:鹏飞集团"}
    >>> pairs = cooccurring_pairs(ids, [s])
    >>> list(pairs), pairs["COMPANY:离石电缆", "COMPANY:鹏飞集团"][0]
    ([('COMPANY:离石电缆', 'COMPANY:鹏飞集团')], 1)
    >>> cooccurring_pairs(ids, [s], window=0)
    {}
    """
    known = {sent.index for sent in sentences}
    by_sent: dict[int, list[Mention]] = defaultdict(list)
    for m in ids:
        if m.start >= 0 and m.sent_index in known:
            by_sent[m.sent_index].append(m)
    out: dict[tuple[str, str], tuple[int, Mention, Mention]] = {}
    for index in sorted(by_sent):
        ms = sorted(by_sent[index], key=lambda m: (m.start, m.end))
        seen: set[tuple[str, str]] = set()
        for i, m in enumerate(ms):
            for n in ms[i + 1 :]:
                if n.start - m.end > window:
                    break  # mentions are sorted by start: every later one is further
                pair = tuple(sorted((ids[m], ids[n])))
                if pair[0] == pair[1] or pair in seen:
                    continue
                seen.add(pair)
                count, first, second = out.get(pair, (0, m, n))
                out[pair] = (count + 1, first, second)
    return out


def _cooccurrence_evidence(first: Mention, second: Mention, sent: Sentence) -> tuple[str, int, int]:
    """Evidence text and its offsets in the original file for one co-occurrence."""
    if len(sent.text) <= EVIDENCE_CHARS:
        return sent.text, sent.orig_start, sent.orig_end
    start, end = min(first.start, second.start), max(first.end, second.end)
    text = sent.text[start - sent.start : end - sent.start]
    return text, min(first.orig_start, second.orig_start), max(first.orig_end, second.orig_end)


def resolve_document(
    mentions: Sequence[Mention], sentences: Sequence[Sentence] = (), locality: Locality | None = None
) -> dict[Mention, str]:
    """Map each graph-type mention of one document to its node id.

    Names of one type are clustered (:mod:`kg.graph.resolve`); relative names of bodies
    (市委, 省委, 市水利局) are qualified with the document's ``locality`` first, so that
    市水利局 and 吕梁市水利局 of one 吕梁 article fall together.
    """
    by_type: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.label in GRAPH_TYPES:
            by_type[m.label].append(m)
    same = appositions([m for ms in by_type.values() for m in ms], sentences)
    out: dict[Mention, str] = {}
    for label, ms in by_type.items():

        def key_of(m: Mention, label: str = label) -> str:
            return entity_key(m.text, label, locality)

        pairs = [(key_of(a), key_of(b)) for a, b in same if a.label == label]
        reps = cluster_names((key_of(m) for m in ms), label, pairs)
        for m in ms:
            out[m] = node_id(label, reps[key_of(m)])
    return out


def entity_key(text: str, label: str, locality: Locality | None) -> str:
    """Normal form of a name, with relative body names qualified by the locality."""
    key = normal_form(text, label)
    if label == "GOV_ORG" and locality is not None:
        key = locality.qualify(key)
    return key


def _record_surface(attrs: dict, nid: str, m: Mention, doc_id: str, date: str | None) -> None:
    a = attrs.setdefault(nid, {"forms": Counter(), "docs": set(), "dates": set()})
    a["forms"][m.text] += 1
    a["docs"].add(doc_id)
    if date:
        a["dates"].add(date)


def build_graph(
    records: Iterable[DocFacts],
    *,
    cooccurrence: bool = True,
    locality: str | None = None,
    window: int = COOCCURRENCE_WINDOW,
) -> nx.MultiDiGraph:
    """Build the knowledge graph.

    Parameters
    ----------
    records : iterable of DocFacts
        As produced by :func:`kg.facts.extract.extract_document` or read back from a store.
    cooccurrence : bool
        Add ``MENTIONED_WITH`` edges between entities of one sentence at most ``window``
        characters apart (:func:`cooccurring_pairs`; ``relation`` tells them apart from
        the typed facts).
    locality : str, optional
        A province or city that every document is about (default: read from each one).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``label``, ``type``, ``aliases`` (``|``-joined), ``mentions`` (int),
        ``docs`` (``|``-joined ids), ``first_seen``/``last_seen`` (ISO dates, when known),
        ``locality`` (qualified bodies and local officials), ``within`` (places: the
        divisions that contain them) and, for a person, ``posts``: the statements of posts
        at bodies the document does not name (副市长王明 with no 市政府 in the text), each
        with its ``title`` and qualified ``body`` (吕梁市政府). Edges are keyed by relation and
        carry ``relation``,
        ``weight`` (times stated), ``evidence`` (the first sentence; for a co-occurrence
        in a sentence longer than :data:`EVIDENCE_CHARS`, the stretch from one name to
        the other), ``doc``,
        ``evidence_start``/``evidence_end`` (offsets in the original file), ``date`` (of
        the first statement), ``first_date``/``last_date`` (the earliest and latest date
        of its statements; facts only), ``title`` (HOLDS_POSITION) and ``provenance``
        (every statement, a list of dicts, with ``page`` and ``bbox`` for a sentence of a
        PDF page; not written to GraphML). ``G`` is new; nothing passed in is modified.

    Examples
    --------
    >>> s = Sentence("d", 0, 0, 9, "离石电缆与鹏飞集团合作", 0, 9)
    >>> a = Mention("离石电缆", "COMPANY", "d", 0, 0, 4, 0, 4)
    >>> b = Mention("鹏飞集团", "COMPANY", "d", 0, 5, 9, 5, 9)
    >>> G = build_graph([DocFacts("d", "hash", [s], [a, b])])
    >>> sorted(G.nodes), G.number_of_edges()
    (['COMPANY:离石电缆', 'COMPANY:鹏飞集团'], 1)
    """
    G = nx.MultiDiGraph()
    attrs: dict[str, dict] = {}
    for record in records:
        doc_id, sentences, mentions, relations = (
            record.doc_id,
            record.sentences,
            record.mentions,
            record.relations,
        )
        loc = locality_of((m.text for m in mentions if m.label == "PLACE"), locality)
        ids = resolve_document(mentions, sentences, loc)
        ids.update(_local_persons(ids, relations, loc))
        sentences_by_index = {sent.index: sent for sent in sentences}
        dates = iso_dates(sentences)
        for m, nid in ids.items():
            _record_surface(attrs, nid, m, doc_id, dates.get(m.sent_index))
            if (
                m.label == "GOV_ORG"
                and loc.name
                and entity_key(m.text, "GOV_ORG", loc) != normal_form(m.text, "GOV_ORG")
            ):
                attrs[nid]["locality"] = loc.name
        for r in relations:
            if unnamed_post(r):  # a post at a body the document does not name: the person's attribute
                if r.head in ids:
                    body = entity_key(r.tail.text, "GOV_ORG", loc)
                    attrs[ids[r.head]].setdefault("posts", []).append(_statement(r, doc_id, body=body))
                continue
            head, tail = ids.get(r.head), ids.get(r.tail)
            if head is None or tail is None or head == tail:
                continue
            if r.relation == "COOPERATES_WITH" and tail < head:
                head, tail = tail, head
            _add_fact(G, head, tail, r, doc_id)
        if cooccurrence:
            for (a, b), (sent, first, second) in cooccurring_pairs(ids, sentences, window).items():
                if G.has_edge(a, b, key=COOCCURRENCE):
                    G.edges[a, b, COOCCURRENCE]["weight"] += sent
                    continue
                text, start, end = _cooccurrence_evidence(first, second, sentences_by_index[first.sent_index])
                G.add_edge(
                    a,
                    b,
                    key=COOCCURRENCE,
                    relation=COOCCURRENCE,
                    weight=sent,
                    evidence=text,
                    doc=doc_id,
                    evidence_start=start,
                    evidence_end=end,
                )
    for nid, a in attrs.items():
        label_type, key = nid.split(":", 1)
        key = key.split("@", 1)[0]
        forms = a["forms"]
        names = {normal_form(f, label_type): f for f, _ in forms.most_common()[::-1]}
        label = names.get(key, key)
        aliases = sorted({f for f in names.values() if f != label} | ({key} - {label, *names.values()}))
        node = {
            "label": label,
            "type": label_type,
            "aliases": "|".join(aliases),
            "mentions": sum(forms.values()),
            "docs": "|".join(sorted(a["docs"])),
        }
        if a["dates"]:
            node["first_seen"], node["last_seen"] = min(a["dates"]), max(a["dates"])
        if a.get("locality"):
            node["locality"] = a["locality"]
        if a.get("posts"):
            node["posts"] = _distinct_posts(a["posts"])
        if label_type == "PLACE":
            d = division_of(key) or division_of(label)
            if d is not None:
                node["within"] = "|".join(x.name for x in containers(d))
        G.add_node(nid, **node)
    return G


def _local_persons(
    ids: dict[Mention, str], relations: Sequence[Relation], loc: Locality
) -> dict[Mention, str]:
    """Officials of qualified (local) bodies get the locality in their node id.

    Two people of one name are merged across documents only when they are not both local
    officials of different places: 王强 of 吕梁市水利局 and 王强 of 太原市水利局 stay apart.
    """
    if not loc.name:
        return {}
    local = {
        r.head.text
        for r in relations
        if r.relation == "HOLDS_POSITION"
        and r.tail.label == "GOV_ORG"
        and entity_key(r.tail.text, "GOV_ORG", loc) != normal_form(r.tail.text, "GOV_ORG")
    }
    return {m: f"{nid}@{loc.name}" for m, nid in ids.items() if m.label == "PERSON" and m.text in local}


def _distinct_posts(posts: list[dict]) -> list[dict]:
    """A person's unnamed posts, once each and in date order; of two readings of one title in
    one sentence, the body that says more (云川市政府 over 市政府)."""
    best: dict[tuple, dict] = {}
    for p in posts:
        key = (p["doc"], p["start"], p["title"])
        if key not in best or len(p["body"]) > len(best[key]["body"]):
            best[key] = p
    return sorted(best.values(), key=lambda p: (p["date"] or "~", p["body"], p["title"]))


def unnamed_post(r: Relation) -> bool:
    """Whether ``r`` is a post at a body the document does not name (副市长 with no 市政府 in
    the text): a fact about the person, kept in its node's ``posts``, not an edge to a body
    that no sentence mentions.

    Examples
    --------
    >>> s = Sentence("d", 0, 0, 7, "副市长王明说。", 0, 7)
    >>> p = Mention("王明", "PERSON", "d", 0, 3, 5, 3, 5)
    >>> body = Mention("市政府", "GOV_ORG", "d", 0, -1, -1, -1, -1, "implied")
    >>> unnamed_post(Relation("HOLDS_POSITION", p, body, s, "副市长"))
    True
    """
    return r.relation == "HOLDS_POSITION" and r.tail.start < 0 and r.tail.source == "implied"


def _statement(r: Relation, doc_id: str, **extra: str) -> dict:
    """One statement of a fact: the items of an edge's ``provenance`` (and of a node's ``posts``)."""
    stmt = {
        "doc": doc_id,
        "sentence": r.sentence.text,
        "start": r.sentence.orig_start,
        "end": r.sentence.orig_end,
        "date": r.date or "",
        "title": r.title or "",
        "frame": r.frame,
        "amount": r.amount or "",
        **extra,
    }
    if r.sentence.page is not None:  # a PDF page: where the sentence is on it
        stmt["page"] = r.sentence.page
        stmt["bbox"] = [list(box) for box in r.sentence.bbox or ()]
    return stmt


def _add_fact(G: nx.MultiDiGraph, head: str, tail: str, r: Relation, doc_id: str) -> None:
    stmt = _statement(r, doc_id)
    if G.has_edge(head, tail, key=r.relation):
        data = G.edges[head, tail, r.relation]
        if stmt not in data["provenance"]:
            data["provenance"].append(stmt)
            data["weight"] = len(data["provenance"])
        if r.date:  # the span of dates on which the fact was stated
            data["first_date"] = min(filter(None, (data.get("first_date"), r.date)))
            data["last_date"] = max(data.get("last_date") or "", r.date)
        if r.title and not data.get("title"):
            data["title"] = r.title
        if r.amount and not data.get("amount"):
            data["amount"] = r.amount
        return
    G.add_edge(
        head,
        tail,
        key=r.relation,
        relation=r.relation,
        weight=1,
        evidence=r.sentence.text,
        doc=doc_id,
        evidence_start=r.sentence.orig_start,
        evidence_end=r.sentence.orig_end,
        date=r.date or "",
        first_date=r.date or "",
        last_date=r.date or "",
        title=r.title or "",
        provenance=[stmt],
        **({"amount": r.amount} if r.amount else {}),
    )
