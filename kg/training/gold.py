"""Annotated news in kg's gold schema, as spans and sentence-level relation pairs.

The annotated local news of ``../shared/data/localnews/`` (and every set in the same schema:
``articles/NAME.txt`` beside ``gold/NAME.json``) names its entities and relations by their
strings: ``{"text", "type", "aliases"}`` entities, ``{"head", "type", "tail", "title",
"evidence"}`` relations, plus ``optional`` names and ``optional_relations`` that are neither
required nor penalised. Training needs character spans, so this module projects the names
onto the text:

- every occurrence of every name of an entity is a candidate span of its type;
- the longest candidates win; a candidate inside a taken span is *nested* (the place 山西 in
  山西鹏飞集团有限公司); one that crosses a taken span is dropped;
- occurrences of ``optional`` names that no entity takes are *unknown*: a trainer should
  neither reward nor punish a label there;
- a relation is located in its evidence sentence: the head and tail spans inside it (the
  nearest pair when a name occurs twice). A relation whose head or tail is not named in its
  evidence sentence (an implied body) keeps ``None`` spans.

Nothing here reads ``../shared/eval``'s sets into a model: the evaluation set is scored, never
trained on (see ``docs/quality.md``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int, str]  # (start, end exclusive, label)


@dataclass(frozen=True)
class GoldRelation:
    """One annotated fact, located in the text when its names are in its evidence sentence."""

    head: str
    relation: str
    tail: str
    title: str | None
    evidence: str
    sentence: tuple[int, int] | None = None  # the evidence sentence's offsets in the text
    head_span: Span | None = None
    tail_span: Span | None = None


@dataclass
class GoldDocument:
    """One annotated article: its text, projected spans and located relations."""

    id: str
    text: str
    entities: list[Span] = field(default_factory=list)  # flat: no two overlap
    nested: list[Span] = field(default_factory=list)  # inside a flat span
    unknown: list[tuple[int, int]] = field(default_factory=list)  # optional names
    titles: list[Span] = field(default_factory=list)  # TITLE spans of HOLDS_POSITION facts
    relations: list[GoldRelation] = field(default_factory=list)
    optional_relations: list[tuple[str, str, str]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # every name → its entity's canonical text


def occurrences(text: str, name: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``name`` in ``text``.

    Examples
    --------
    >>> occurrences("市委市委", "市委")
    [0, 2]
    """
    out, at = [], text.find(name)
    while name and at >= 0:
        out.append(at)
        at = text.find(name, at + 1)
    return out


def project(text: str, names: Iterable[tuple[str, str]]) -> tuple[list[Span], list[Span]]:
    """Flat and nested spans of ``(name, label)`` pairs in ``text``, longest first.

    Examples
    --------
    >>> flat, nested = project("山西鹏飞集团与市委", [("山西鹏飞集团", "COMPANY"), ("山西", "PLACE"),
    ...                                                ("市委", "GOV_ORG")])
    >>> flat, nested
    ([(0, 6, 'COMPANY'), (7, 9, 'GOV_ORG')], [(0, 2, 'PLACE')])
    """
    candidates = sorted(
        {(s, s + len(n), label) for n, label in names for s in occurrences(text, n)},
        key=lambda c: (-(c[1] - c[0]), c[0]),
    )
    flat: list[Span] = []
    nested: list[Span] = []
    for s, e, label in candidates:
        host = [f for f in flat if f[0] < e and s < f[1]]
        if not host:
            flat.append((s, e, label))
        elif len(host) == 1 and host[0][0] <= s and e <= host[0][1] and host[0][2] != label:
            nested.append((s, e, label))
    return sorted(flat), sorted(set(nested))


def title_parts(title: str) -> list[str]:
    """A title and, when it is a chain, its links (党委书记、董事长 → both and each).

    Examples
    --------
    >>> title_parts("党委书记、董事长")
    ['党委书记、董事长', '党委书记', '董事长']
    >>> title_parts("局长")
    ['局长']
    """
    parts = [p for p in title.replace("兼", "、").split("、") if p]
    return [title] + (parts if len(parts) > 1 else [])


def _nearest(
    heads: Sequence[Span], tails: Sequence[Span], tail_first: bool = False
) -> tuple[Span | None, Span | None]:
    """The closest (head, tail) pair; with ``tail_first`` (a post: 市委书记丁小强) a tail
    before its head is preferred."""
    best: tuple[tuple[int, int], Span | None, Span | None] = ((2, 1 << 30), None, None)
    for a in heads:
        for b in tails:
            if (a[0], a[1]) == (b[0], b[1]):
                continue
            gap = max(a[0], b[0]) - min(a[1], b[1])
            rank = (int(tail_first and b[0] > a[0]), gap)
            if rank < best[0]:
                best = (rank, a, b)
    return best[1], best[2]


def read_gold_document(article: Path, gold: Path) -> GoldDocument:
    """One article and its gold file as a :class:`GoldDocument`."""
    text = article.read_text(encoding="utf-8")
    data = json.loads(gold.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    labelled: list[tuple[str, str]] = []
    canonical: dict[str, str] = {}
    for ent in data["entities"]:
        for name in [ent["text"], *ent.get("aliases", [])]:
            labelled.append((name, ent["type"]))
            names[name] = ent["text"]
        canonical[ent["text"]] = ent["type"]
    flat, nested = project(text, labelled)
    taken = [(s, e) for s, e, _ in flat + nested]
    unknown = sorted(
        {
            (s, s + len(o))
            for o in data.get("optional", [])
            for s in occurrences(text, o)
            if not any(a < s + len(o) and s < b for a, b in taken)
        }
    )
    spans = flat + nested
    relations: list[GoldRelation] = []
    titles: set[Span] = set()
    for r in data["relations"]:
        at = text.find(r["evidence"])
        sentence = (at, at + len(r["evidence"])) if at >= 0 else None
        head = tail = None
        if sentence is not None:
            inside = [sp for sp in spans if sentence[0] <= sp[0] and sp[1] <= sentence[1]]
            heads = [sp for sp in inside if names.get(text[sp[0] : sp[1]]) == names.get(r["head"], r["head"])]
            tails = [sp for sp in inside if names.get(text[sp[0] : sp[1]]) == names.get(r["tail"], r["tail"])]
            head, tail = _nearest(heads, tails, r["type"] == "HOLDS_POSITION")
            if r["type"] == "HOLDS_POSITION" and r.get("title"):
                for part in title_parts(r["title"]):
                    for s in occurrences(text[sentence[0] : sentence[1]], part):
                        s += sentence[0]
                        if not any(a < s + len(part) and s < b for a, b, _ in flat):
                            titles.add((s, s + len(part), "TITLE"))
        relations.append(
            GoldRelation(r["head"], r["type"], r["tail"], r.get("title"), r["evidence"], sentence, head, tail)
        )
    title_flat, _ = project(text, [(text[s:e], "TITLE") for s, e, _ in titles])
    title_flat = [t for t in title_flat if t in titles or any(t[0] >= a and t[1] <= b for a, b, _ in titles)]
    optional = [(r["head"], r["type"], r["tail"]) for r in data.get("optional_relations", [])]
    return GoldDocument(article.stem, text, flat, nested, unknown, title_flat, relations, optional, names)


def read_gold_set(folder: str | Path) -> list[GoldDocument]:
    """Every document of a set laid out as ``folder/articles/*.txt`` and ``folder/gold/*.json``.

    Examples
    --------
    >>> docs = read_gold_set("../shared/data/localnews")  # doctest: +SKIP
    >>> len(docs), docs[0].entities[:2]  # doctest: +SKIP
    (90, [(2, 5, 'GOV_ORG'), ...])
    """
    folder = Path(folder)
    if not (folder / "gold").is_dir():
        raise FileNotFoundError(f"{folder}: no gold/ folder (expected articles/ and gold/)")
    out = []
    for gold in sorted((folder / "gold").glob("*.json")):
        article = folder / "articles" / (Path(json.loads(gold.read_text(encoding="utf-8"))["doc"]).name)
        out.append(read_gold_document(article, gold))
    return out


def folds(docs: Sequence[GoldDocument], k: int = 5) -> list[list[GoldDocument]]:
    """``k`` folds, documents dealt round-robin in id order (ids group regions, so each fold mixes them).

    Examples
    --------
    >>> ds = [GoldDocument(str(i), "") for i in range(7)]
    >>> [[d.id for d in f] for f in folds(ds, 3)]
    [['0', '3', '6'], ['1', '4'], ['2', '5']]
    """
    ordered = sorted(docs, key=lambda d: d.id)
    return [ordered[i::k] for i in range(k)]
