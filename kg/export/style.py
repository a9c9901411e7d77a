"""Visual attributes shared by every export: colour by type, size by importance, a layout.

Computed once from the graph, without modifying it, so that Gephi (GraphML/GEXF), the
HTML page and the PNG show the same colours, sizes and positions.
"""

from __future__ import annotations

import math

import networkx as nx

from kg.facts.types import COOCCURRENCE

COLOURS = {
    "PERSON": "#e15759",
    "GOV_ORG": "#4e79a7",
    "COMPANY": "#f28e2b",
    "ORG": "#76b7b2",
    "PROJECT": "#59a14f",
    "EVENT": "#edc948",
    "DOCUMENT": "#b07aa1",
    "PLACE": "#9c755f",
}
OTHER = "#bab0ac"
LAYOUT_MAX = 10_000


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as integers.

    Examples
    --------
    >>> rgb("#4e79a7")
    (78, 121, 167)
    """
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def importance(G: nx.MultiDiGraph, n: str) -> float:
    """Typed facts a node takes part in plus its mentions (co-occurrence does not count)."""
    facts = sum(1 for *_, k in G.edges(n, keys=True) if k != COOCCURRENCE)
    facts += sum(1 for *_, k in G.in_edges(n, keys=True) if k != COOCCURRENCE)
    return facts + int(G.nodes[n].get("mentions", 1) or 1)


def layout(
    G: nx.MultiDiGraph, *, seed: int = 7, scale: float | None = None
) -> dict[str, tuple[float, float]]:
    """Stable positions: a seeded spring layout where typed facts pull hard and co-occurrence
    gently. ``G`` is not modified."""
    H = nx.Graph()
    H.add_nodes_from(G)
    for u, v, k in G.edges(keys=True):
        w = 0.15 if k == COOCCURRENCE else 1.0  # co-occurrence keeps an article together, facts pull harder
        if u != v and (not H.has_edge(u, v) or H.edges[u, v]["weight"] < w):
            H.add_edge(u, v, weight=w)
    if len(H) == 0:
        return {}
    k = 2.5 / math.sqrt(len(H))
    scale = scale or max(600.0, 110.0 * math.sqrt(len(H)))  # room for Chinese labels
    # Fruchterman-Reingold costs O(n²) per iteration: fewer iterations for big graphs
    # (2,000 nodes: about 8 s here; 9,000 nodes at 10 iterations: about 20 s); past
    # LAYOUT_MAX nodes a seeded random layout, left for Gephi's own layouts to improve
    if len(H) > LAYOUT_MAX:
        pos = nx.random_layout(H, seed=seed, center=(0.5, 0.5))
        return {
            n: (round(float(x - 0.5) * 2 * scale, 2), round(float(y - 0.5) * 2 * scale, 2))
            for n, (x, y) in pos.items()
        }
    iterations = 100 if len(H) <= 500 else 50 if len(H) <= 2000 else 10
    pos = nx.spring_layout(H, seed=seed, k=k, iterations=iterations, scale=scale)
    return {n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in pos.items()}


def visual_attributes(G: nx.MultiDiGraph, *, seed: int = 7) -> dict[str, dict]:
    """``{node: {"colour", "r", "g", "b", "size", "x", "y"}}`` for every node of ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:李子荣", type="PERSON", mentions=2)
    >>> v = visual_attributes(G)["PERSON:李子荣"]
    >>> (v["r"], v["g"], v["b"]), v["size"] > 0
    ((225, 87, 89), True)
    """
    pos = layout(G, seed=seed)
    out = {}
    for n, d in G.nodes(data=True):
        colour = COLOURS.get(d.get("type", ""), OTHER)
        r, g, b = rgb(colour)
        x, y = pos.get(n, (0.0, 0.0))
        size = round(8 + 6 * math.sqrt(importance(G, n)), 2)
        out[n] = {"colour": colour, "r": r, "g": g, "b": b, "size": size, "x": x, "y": y}
    return out
