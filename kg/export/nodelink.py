"""``graph.json``: the lossless export, networkx node-link JSON with every statement of every fact.

:func:`write_json` and :func:`read_json` are a pair: reading a written file gives back the
same graph, node and edge attributes and each edge's ``provenance`` list (document,
sentence, offsets in the original file, date, title, frame, amount) included. GraphML
(:mod:`kg.export.graphml`) is the lossy, Gephi-facing format.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx

from kg.export.atomic import atomic_write


def write_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as node-link JSON (UTF-8, atomically). ``G`` is not modified."""
    data = nx.node_link_data(G, edges="links")

    def dump(fh) -> None:  # streamed: the whole text of a big graph is never held at once
        text = io.TextIOWrapper(fh, encoding="utf-8")
        json.dump(data, text, ensure_ascii=False, indent=1)
        text.flush()
        text.detach()

    return atomic_write(path, dump)


def read_json(path: str | Path) -> nx.MultiDiGraph:
    """The graph of a ``graph.json`` written by :func:`write_json`, provenance included.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("PERSON:甲", "GOV_ORG:市委", key="HOLDS_POSITION", provenance=[{"doc": "d"}])
    'HOLDS_POSITION'
    >>> H = read_json(write_json(G, Path(tempfile.mkdtemp()) / "graph.json"))
    >>> H.edges["PERSON:甲", "GOV_ORG:市委", "HOLDS_POSITION"]["provenance"]
    [{'doc': 'd'}]
    """
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    G = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    return nx.MultiDiGraph(G)
