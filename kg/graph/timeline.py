"""Posts and facts over time: careers, timelines and the holders of posts at a body.

Plain functions over a graph made by :func:`kg.graph.build.build_graph` (or read back
from its JSON or GraphML export), in the style of networkx: each takes the graph and
node ids, returns a pandas DataFrame and leaves the graph unchanged.

A ``HOLDS_POSITION`` edge is one fact per person and body, but the statements behind it
may name different titles (副县长 in 2019, 县长 in 2021): a *post* here is one
``(body, title)`` pair, read off the statements (``provenance``). Dates are the ISO dates
stated in the sentences (``""`` when a statement has none); a post's ``first_date`` and
``last_date`` are the earliest and latest of them, so they bound when the post was
*reported*, not when it began or ended.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("P:周明远", label="周明远", type="PERSON")
>>> G.add_node("G:苍岭县政府", label="苍岭县政府", type="GOV_ORG")
>>> G.add_edge("P:周明远", "G:苍岭县政府", key="HOLDS_POSITION", relation="HOLDS_POSITION",
...            provenance=[statement("d1", "苍岭县县长周明远主持会议。", "2019-03-12", "县长")])
'HOLDS_POSITION'
>>> career(G, "P:周明远")[["title", "body", "first_date"]].values.tolist()
[['县长', '苍岭县政府', '2019-03-12']]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import networkx as nx

from kg.names import normal_form
from kg.schema import COOCCURRENCE

if TYPE_CHECKING:
    import pandas as pd

POST = "HOLDS_POSITION"
POST_COLUMNS = ["title", "body", "first_date", "last_date", "docs", "evidence", "statements", "body_id"]
HOLDER_COLUMNS = ["person", "title", "first_date", "last_date", "docs", "evidence", "statements", "person_id"]
TIMELINE_COLUMNS = [
    "date",
    "relation",
    "direction",
    "other",
    "title",
    "evidence",
    "doc",
    "other_id",
    "head_id",
    "tail_id",
]
_TITLE_PARTS = re.compile(r"[、，,兼]")


def statement(doc: str, sentence: str, date: str = "", title: str = "") -> dict:
    """One statement of a fact, shaped as the items of an edge's ``provenance``.

    Examples
    --------
    >>> statement("d1", "县长周明远说。", "2019-03-12", "县长")["date"]
    '2019-03-12'
    """
    return {"doc": doc, "sentence": sentence, "start": -1, "end": -1, "date": date, "title": title}


def statements(d: dict) -> list[dict]:
    """The statements of an edge: its ``provenance``, or one made of its own attributes.

    A graph read from GraphML has no provenance; its edges still carry the first
    sentence, document, date and title.

    Examples
    --------
    >>> [s["sentence"] for s in statements({"evidence": "甲说。", "doc": "d", "date": ""})]
    ['甲说。']
    """
    if d.get("provenance"):
        return list(d["provenance"])
    date = d.get("date") or d.get("first_date") or ""
    return [statement(str(d.get("doc", "")), str(d.get("evidence", "")), str(date), str(d.get("title", "")))]


def unnamed_posts(node: dict) -> list[dict]:
    """A person's posts at bodies no document names: the node's ``posts`` (statements with
    ``title`` and ``body``; read back from GraphML, ``title@body`` strings without dates).

    Examples
    --------
    >>> unnamed_posts({"posts": "副市长@吕梁市政府"})[0]["body"]
    '吕梁市政府'
    """
    posts = node.get("posts") or []
    if isinstance(posts, str):
        posts = [
            {**statement("", ""), "title": t, "body": b}
            for t, _, b in (p.partition("@") for p in posts.split("|") if p)
        ]
    return list(posts)


def title_matches(stated: str, wanted: str) -> bool:
    """Whether a stated title is ``wanted`` or has it as one of its parts.

    Examples
    --------
    >>> title_matches("党组书记、局长", "局长"), title_matches("副局长", "局长")
    (True, False)
    """
    return stated == wanted or wanted in _TITLE_PARTS.split(stated)


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return str(G.nodes[n].get("label", n))


def _time_key(first: str, last: str, name: str) -> tuple:
    return (first == "", first, last, name)  # undated last


def _post_rows(G: nx.MultiDiGraph, edges: Iterator[tuple], other_end: int) -> Iterator[dict]:
    """One row per (edge, stated title): dates, documents, first evidence, count."""
    for edge in edges:
        d = edge[-1]
        by_title: dict[str, list[dict]] = {}
        for st in statements(d):
            by_title.setdefault(str(st.get("title") or d.get("title") or ""), []).append(st)
        for title, sts in by_title.items():
            dates = sorted(s["date"] for s in sts if s.get("date"))
            if not d.get("provenance"):  # read from GraphML: the edge's own span of dates
                dates = sorted({*dates, *(d.get(a) for a in ("first_date", "last_date") if d.get(a))})
            sts = sorted(sts, key=lambda s: (not s.get("date"), s.get("date") or ""))
            docs = list(dict.fromkeys(s["doc"] for s in sts))
            yield {
                "title": title,
                "first_date": dates[0] if dates else "",
                "last_date": dates[-1] if dates else "",
                "docs": "|".join(docs),
                "evidence": sts[0].get("sentence", ""),
                "statements": len(sts),
                "_other": edge[other_end],
            }


def _body_keys(G: nx.MultiDiGraph, node: str) -> set[str]:
    """Normal forms of a body node's label and aliases."""
    d = G.nodes[node]
    names = {node, d.get("label", node), *str(d.get("aliases", "") or "").split("|")} - {""}
    return {normal_form(n, "GOV_ORG") for n in names}


def career(G: nx.MultiDiGraph, person: str) -> pd.DataFrame:
    """The posts a person held, ordered in time.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A kg graph; not modified.
    person : str
        A node id (``KnowledgeGraph.career`` also takes a name or alias).

    Returns
    -------
    pandas.DataFrame
        One row per post (body and title): ``title``, ``body`` (label), ``first_date`` and
        ``last_date`` (ISO; ``""`` when no statement is dated), ``docs`` (``|``-joined, in
        date order), ``evidence`` (the earliest statement's sentence), ``statements``
        (how many) and ``body_id`` (``""`` for a body no document names, such as the
        吕梁市政府 of a bare 副市长: the person's ``posts``). Sorted by first date, then last
        date; undated posts last.

    Raises
    ------
    KeyError
        When ``person`` is not a node of ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("林晓梅", "苍岭县政府", key="HOLDS_POSITION", provenance=[
    ...     statement("d3", "苍岭县县长林晓梅出席。", "2021-04-20", "县长"),
    ...     statement("d1", "苍岭县副县长林晓梅通报。", "2019-03-12", "副县长")])
    'HOLDS_POSITION'
    >>> career(G, "林晓梅")[["title", "first_date", "docs"]].values.tolist()
    [['副县长', '2019-03-12', 'd1'], ['县长', '2021-04-20', 'd3']]

    See Also
    --------
    holders : the same posts seen from the body.
    """
    import pandas as pd

    if person not in G:
        raise KeyError(f"no node {person!r} in the graph")
    edges = [(u, v, d) for u, v, k, d in G.out_edges(person, keys=True, data=True) if k == POST]
    # posts at bodies no document names (副市长 with no 市政府 in the text): the person's own,
    # joined to the post at a named body of the same name (苍岭县政府 = 苍岭县人民政府)
    named = {key: i for i, (_, v, _) in enumerate(edges) for key in _body_keys(G, v)}
    unnamed: dict[str, list[dict]] = {}
    for st in unnamed_posts(G.nodes[person]):
        at = named.get(normal_form(st["body"], "GOV_ORG"))
        if at is None:
            unnamed.setdefault(st["body"], []).append(st)
        else:
            u, v, d = edges[at]
            edges[at] = (u, v, {**d, "provenance": [*statements(d), st]})
    edges += [(person, body, {"provenance": sts}) for body, sts in unnamed.items()]
    rows = []
    for r in _post_rows(G, iter(edges), 1):
        other = r.pop("_other")
        rows.append(
            {**r, "body": _label(G, other) if other in G else other, "body_id": other if other in G else ""}
        )
    rows.sort(key=lambda r: _time_key(r["first_date"], r["last_date"], r["body"]))
    return pd.DataFrame(rows, columns=POST_COLUMNS)


def holders(G: nx.MultiDiGraph, body: str, title: str | None = None) -> pd.DataFrame:
    """Who held posts at a body, ordered in time (who preceded whom).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A kg graph; not modified.
    body : str
        A node id (an organisation), or the name of a body no document names (吕梁市政府 of a
        bare 副市长): persons' ``posts`` at a body of that name count too.
    title : str, optional
        Only posts with this title, or whose title has it as one part: ``局长`` matches
        ``党组书记、局长`` but not ``副局长``.

    Returns
    -------
    pandas.DataFrame
        One row per person and title: ``person`` (label), ``title``, ``first_date``,
        ``last_date``, ``docs``, ``evidence``, ``statements`` and ``person_id``, sorted by
        first date, then last date (undated last).

    Raises
    ------
    KeyError
        When ``body`` is neither a node of ``G`` nor the body of a person's post.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("林晓梅", "苍岭县政府", key="HOLDS_POSITION",
    ...            provenance=[statement("d3", "县长林晓梅。", "2021-04-20", "县长")])
    'HOLDS_POSITION'
    >>> G.add_edge("周明远", "苍岭县政府", key="HOLDS_POSITION",
    ...            provenance=[statement("d1", "县长周明远。", "2019-03-12", "县长")])
    'HOLDS_POSITION'
    >>> holders(G, "苍岭县政府", title="县长")["person"].tolist()
    ['周明远', '林晓梅']
    """
    import pandas as pd

    keys = {normal_form(body, "GOV_ORG")}
    edges = []
    if body in G:
        keys |= _body_keys(G, body)
        edges = [(u, v, d) for u, v, k, d in G.in_edges(body, keys=True, data=True) if k == POST]
    held = {u: i for i, (u, _, _) in enumerate(edges)}
    for n, d in G.nodes(data=True):
        sts = [st for st in unnamed_posts(d) if normal_form(st["body"], "GOV_ORG") in keys]
        if sts and n in held:  # the same post, once at the named body and once unnamed
            u, v, e = edges[held[n]]
            edges[held[n]] = (u, v, {**e, "provenance": [*statements(e), *sts]})
        elif sts:
            edges.append((n, body, {"provenance": sts}))
    if body not in G and not edges:
        raise KeyError(f"no node {body!r} in the graph, and no post at a body of that name")
    rows = [
        {**r, "person": _label(G, r["_other"]), "person_id": r.pop("_other")}
        for r in _post_rows(G, iter(edges), 0)
        if title is None or title_matches(r["title"], title)
    ]
    rows.sort(key=lambda r: _time_key(r["first_date"], r["last_date"], r["person"]))
    return pd.DataFrame(rows, columns=HOLDER_COLUMNS)


def timeline(G: nx.MultiDiGraph, entity: str, *, undated: bool = False) -> pd.DataFrame:
    """The dated statements of an entity's facts, in order.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A kg graph; not modified.
    entity : str
        A node id.
    undated : bool
        Also list the statements without a date (after the dated ones).

    Returns
    -------
    pandas.DataFrame
        One row per statement of a fact that touches ``entity`` (co-occurrence is not a
        fact): ``date``, ``relation``, ``direction`` (``out`` when ``entity`` is the
        head), ``other`` (label of the other end), ``title``, ``evidence`` (the
        sentence), ``doc``, ``other_id`` (``""`` for a post at a body no document
        names), ``head_id``, ``tail_id``. A fact stated on three days has three rows.

    Raises
    ------
    KeyError
        When ``entity`` is not a node of ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("宋佳文", "市水利局", key="HOLDS_POSITION",
    ...            provenance=[statement("d7", "市水利局局长宋佳文。", "2022-05-16", "局长")])
    'HOLDS_POSITION'
    >>> G.add_edge("宋佳文", "横岭县政府", key="HOLDS_POSITION",
    ...            provenance=[statement("d3", "横岭县县长宋佳文。", "2020-06-18", "县长")])
    'HOLDS_POSITION'
    >>> timeline(G, "宋佳文")[["date", "other", "title"]].values.tolist()
    [['2020-06-18', '横岭县政府', '县长'], ['2022-05-16', '市水利局', '局长']]
    """
    import pandas as pd

    if entity not in G:
        raise KeyError(f"no node {entity!r} in the graph")
    rows = []
    for direction, edges in (
        ("out", G.out_edges(entity, keys=True, data=True)),
        ("in", G.in_edges(entity, keys=True, data=True)),
    ):
        for u, v, k, d in edges:
            if k == COOCCURRENCE or (direction == "in" and u == v):
                continue
            other = v if direction == "out" else u
            for st in statements(d):
                if not st.get("date") and not undated:
                    continue
                rows.append(
                    {
                        "date": st.get("date") or "",
                        "relation": d.get("relation", k),
                        "direction": direction,
                        "other": _label(G, other),
                        "title": st.get("title") or d.get("title") or "",
                        "evidence": st.get("sentence", ""),
                        "doc": st.get("doc", ""),
                        "other_id": other,
                        "head_id": u,
                        "tail_id": v,
                    }
                )
    for st in unnamed_posts(G.nodes[entity]):  # posts at bodies no document names
        if st.get("date") or undated:
            rows.append(
                {
                    "date": st.get("date") or "",
                    "relation": POST,
                    "direction": "out",
                    "other": st["body"],
                    "title": st.get("title") or "",
                    "evidence": st.get("sentence", ""),
                    "doc": st.get("doc", ""),
                    "other_id": "",
                    "head_id": entity,
                    "tail_id": "",
                }
            )
    rows.sort(key=lambda r: (r["date"] == "", r["date"], r["relation"], r["other"]))
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
