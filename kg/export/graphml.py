"""GraphML export that opens cleanly in Gephi, written atomically."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.export.atomic import atomic_write
from kg.export.style import visual_attributes


def _scalar(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) and any(isinstance(v, dict) for v in value):
        if all("title" in v and "body" in v for v in value):  # a person's posts: 副市长@吕梁市政府
            return "|".join(dict.fromkeys(f"{v['title']}@{v['body']}" for v in value))
        import json

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple, set)):
        return "|".join(map(str, value))
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


SKIP = {"provenance"}  # every statement of a fact: JSON/CSV exports only


def gephi_ready(G: nx.MultiDiGraph, visual: dict[str, dict] | None = None) -> nx.MultiDiGraph:
    """A copy of ``G`` with scalar attributes, unique edge ids and Gephi's visual attributes.

    Gephi reads a key's *id* before its name and drops edges whose ids repeat, reads colours
    only as integer ``r``/``g``/``b`` node attributes, and GraphML cannot hold None, lists
    or dicts. Nodes get ``r``, ``g``, ``b`` (by type), ``size`` (by importance) and ``x``,
    ``y`` (a seeded layout) from :func:`kg.export.style.visual_attributes`. ``G`` is not
    modified.
    """
    visual = visual if visual is not None else visual_attributes(G)
    H = nx.MultiDiGraph()
    for n, data in G.nodes(data=True):
        v = {k: visual[n][k] for k in ("r", "g", "b", "size", "x", "y")}
        H.add_node(n, **{k: _scalar(val) for k, val in data.items() if k not in SKIP}, **v)
    for i, (u, v, k, data) in enumerate(G.edges(keys=True, data=True)):
        H.add_edge(u, v, key=k, id=f"e{i}", **{a: _scalar(b) for a, b in data.items() if a not in SKIP})
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path, visual: dict[str, dict] | None = None) -> Path:
    """Write ``G`` as GraphML (UTF-8) to ``path`` via a temporary file and a rename.

    Key ids equal attribute names, edges have unique ids; an interrupted write leaves any
    previous file intact. ``G`` is not modified.
    """
    H = gephi_ready(G, visual)
    return atomic_write(
        path,
        lambda fh: nx.write_graphml(H, fh, encoding="utf-8", named_key_ids=True, edge_id_from_attribute="id"),
    )


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """The graph of a ``graph.graphml`` written by :func:`write_graphml`, edges keyed by relation again.

    Lossy: GraphML holds each fact's first sentence, not every statement (``provenance``), and
    Gephi's visual attributes come back as node attributes. :func:`kg.export.nodelink.read_json`
    reads the lossless ``graph.json``.
    """
    H = nx.read_graphml(path, force_multigraph=True)
    G = nx.MultiDiGraph()
    G.add_nodes_from(H.nodes(data=True))
    for u, v, d in H.edges(data=True):
        d = {k: val for k, val in d.items() if k != "id"}
        G.add_edge(u, v, key=d.get("relation", ""), **d)
    return G
