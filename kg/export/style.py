"""Visual attributes shared by every export: colour by type, size by importance, a layout.

Computed once from the graph, without modifying it, so that Gephi (GraphML/GEXF), the
HTML page and the PNG show the same colours, sizes and positions.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import dijkstra

from kg.schema import COOCCURRENCE

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
SPRING_MAX = 2_000  # above this, components are laid out one by one (pivot MDS for big ones)


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
    """Stable positions: typed facts pull hard and co-occurrence gently. ``G`` is not modified.

    Up to ``SPRING_MAX`` nodes, a seeded spring layout of the whole graph. Fruchterman-
    Reingold costs O(n²) per iteration (9,000 nodes: about 20 s for 10 iterations), so
    bigger graphs go to :func:`component_layout`: each connected component on its own,
    a big one by pivot MDS, packed side by side.
    """
    H = nx.Graph()
    H.add_nodes_from(G)
    for u, v, k in G.edges(keys=True):
        w = 0.15 if k == COOCCURRENCE else 1.0  # co-occurrence keeps an article together, facts pull harder
        if u != v and (not H.has_edge(u, v) or H.edges[u, v]["weight"] < w):
            H.add_edge(u, v, weight=w)
    if len(H) == 0:
        return {}
    scale = scale or max(600.0, 110.0 * math.sqrt(len(H)))  # room for Chinese labels
    if len(H) > SPRING_MAX:
        pos = component_layout(H, seed=seed)
        return {n: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for n, (x, y) in pos.items()}
    iterations = 100 if len(H) <= 500 else 50
    pos = nx.spring_layout(H, seed=seed, k=2.5 / math.sqrt(len(H)), iterations=iterations, scale=scale)
    return {n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in pos.items()}


def pivot_mds(H: nx.Graph, *, pivots: int = 50, seed: int = 7) -> dict:
    """Positions of a connected graph by pivot MDS (Brandes & Pich 2006), in [-1, 1]².

    Shortest-path distances from a few far-apart pivot nodes (edge length ``1 / weight``,
    so weak ties sit farther apart) are double-centred and projected on their two main
    axes: O(pivots × edges) instead of the O(n²) of a force layout, and deterministic.
    Hubs crowd the middle of such a projection, so the radii are then evened out by rank
    (same angles, same radial order, uniform density over the disc).

    Examples
    --------
    >>> pos = pivot_mds(nx.path_graph(5))
    >>> xs = [pos[n][0] for n in range(5)]  # the path keeps its order along the main axis
    >>> xs == sorted(xs) or xs == sorted(xs, reverse=True)
    True
    """
    nodes = list(H)
    if len(nodes) < 3:
        return {n: (float(i), 0.0) for i, n in enumerate(nodes)}
    A = nx.to_scipy_sparse_array(H, nodelist=nodes, weight="weight", format="csr")
    A.data = 1.0 / A.data
    rng = np.random.default_rng(seed)
    chosen = [int(rng.integers(len(nodes)))]
    nearest = np.full(len(nodes), np.inf)
    rows = []
    for _ in range(min(pivots, len(nodes))):
        d = dijkstra(A, directed=False, indices=chosen[-1])
        rows.append(d)
        nearest = np.minimum(nearest, d)
        chosen.append(int(nearest.argmax()))  # max-min: the next pivot is the farthest node
    D2 = np.square(np.array(rows))
    C = D2 - D2.mean(axis=1, keepdims=True) - D2.mean(axis=0, keepdims=True) + D2.mean()
    _, _, vt = np.linalg.svd(-0.5 * C, full_matrices=False)
    xy = vt[:2].T
    xy -= np.median(xy, axis=0)
    radius = np.hypot(xy[:, 0], xy[:, 1])
    even = np.sqrt((radius.argsort().argsort() + 1) / len(nodes))
    xy *= (even / np.where(radius > 0, radius, 1.0))[:, None]
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def component_layout(H: nx.Graph, *, seed: int = 7) -> dict:
    """Each connected component laid out alone, then packed in rows, biggest first.

    A component of more than ``SPRING_MAX`` nodes gets :func:`pivot_mds`, a smaller one a
    seeded spring layout. Each takes a square cell whose side grows with the square root
    of its size. Returns positions in about [-1, 1]².

    Examples
    --------
    >>> H = nx.union(nx.path_graph(3), nx.relabel_nodes(nx.path_graph(2), {0: "a", 1: "b"}))
    >>> pos = component_layout(H)
    >>> set(pos) == set(H) and len({pos[n] for n in H}) == 5
    True
    """
    comps = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(map(str, c))))
    cells = []
    for comp in comps:
        sub = H.subgraph(comp)
        if len(comp) == 1:
            local = {next(iter(comp)): (0.0, 0.0)}
        elif len(comp) > SPRING_MAX:
            local = pivot_mds(sub, seed=seed)
        else:
            local = nx.spring_layout(sub, seed=seed, k=2.5 / math.sqrt(len(comp)), iterations=50)
        cells.append((math.sqrt(len(comp)), local))
    width = math.sqrt(sum((2 * side) ** 2 for side, _ in cells))  # of a roughly square packing
    pos, x, y, row_height = {}, 0.0, 0.0, 0.0
    for side, local in cells:
        if x > 0 and x + 2 * side > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in local.items():
            pos[n] = (x + side + 0.9 * side * px, y + side + 0.9 * side * py)
        x += 2 * side
        row_height = max(row_height, 2 * side)
    arr = np.array(list(pos.values()))
    centre = (arr.max(axis=0) + arr.min(axis=0)) / 2
    half = float((arr.max(axis=0) - arr.min(axis=0)).max()) / 2 or 1.0
    return {n: ((px - centre[0]) / half, (py - centre[1]) / half) for n, (px, py) in pos.items()}


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


def remove_overlaps(
    pos: dict, half_width: dict, half_height: dict, *, gap: float = 4.0, iterations: int = 200
) -> dict[str, tuple[float, float]]:
    """Push apart boxes that overlap (a box: centre ± half width/height, plus ``gap``).

    Each pass moves both boxes of every overlapping pair half of the overlap apart along
    the axis where they overlap least, so a layout keeps its shape and labels stop
    covering each other. Deterministic; O(n²) a pass (meant for a few hundred nodes).
    Returns new positions; the dicts passed in are not modified.

    Examples
    --------
    >>> out = remove_overlaps({"a": (0.0, 0.0), "b": (1.0, 0.0)}, {"a": 5, "b": 5}, {"a": 20, "b": 20})
    >>> round(out["b"][0] - out["a"][0]), out["a"][1] == out["b"][1]  # side by side, 5 + 5 + 4 apart
    (14, True)
    """
    nodes = list(pos)
    if len(nodes) < 2:
        return {n: (float(pos[n][0]), float(pos[n][1])) for n in nodes}
    xy = np.array([pos[n] for n in nodes], dtype=float)
    w = np.array([half_width[n] for n in nodes], dtype=float) + gap / 2
    h = np.array([half_height[n] for n in nodes], dtype=float) + gap / 2
    order = np.arange(len(nodes))
    tie = np.sign(order[:, None] - order[None, :]).astype(float)  # who goes which way when centres coincide
    for _ in range(iterations):
        dx = xy[:, 0][:, None] - xy[:, 0][None, :]
        dy = xy[:, 1][:, None] - xy[:, 1][None, :]
        ox = w[:, None] + w[None, :] - np.abs(dx)
        oy = h[:, None] + h[None, :] - np.abs(dy)
        hit = (ox > 1e-6) & (oy > 1e-6)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = hit & (ox <= oy)
        along_y = hit & (ox > oy)
        sx = np.where(dx != 0, np.sign(dx), tie)
        sy = np.where(dy != 0, np.sign(dy), tie)
        # half the overlap each, damped: a box pushed by several neighbours does not overshoot
        xy[:, 0] += (np.where(along_x, ox * sx, 0.0) / 2).sum(axis=1) * 0.6
        xy[:, 1] += (np.where(along_y, oy * sy, 0.0) / 2).sum(axis=1) * 0.6
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def pack_cells(
    sizes: list[tuple[float, float]], *, aspect: float = 1.3, gap: float = 40.0
) -> list[tuple[float, float]]:
    """Top-left corners for boxes of the given (width, height), in rows, in the order given.

    Of the row widths tried, the one whose packing is closest to ``aspect`` (width over
    height: a screen's shape) wins.

    Examples
    --------
    >>> pack_cells([(100, 100), (50, 50), (50, 50)], gap=0)  # 150 × 150 is nearer 1.3 than 200 × 100
    [(0.0, 0.0), (100.0, 0.0), (0.0, 100.0)]
    """
    if not sizes:
        return []
    widest = max(w for w, _ in sizes)
    total = sum(w + gap for w, _ in sizes)
    best: tuple[float, list[tuple[float, float]]] | None = None
    for k in range(1, 41):
        width = max(widest, total * k / 40)
        corners, height, right = _rows(sizes, width, gap)
        score = abs(math.log((right or 1.0) / (height or 1.0) / aspect))
        if best is None or score < best[0] - 1e-9:
            best = (score, corners)
    return best[1]


def _rows(
    sizes: list[tuple[float, float]], width: float, gap: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Shelf packing: boxes left to right, a new row when the next one does not fit."""
    out, x, y, row, right = [], 0.0, 0.0, 0.0, 0.0
    for w, h in sizes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        out.append((float(x), float(y)))
        right = max(right, x + w)
        x += w + gap
        row = max(row, h)
    return out, y + row, right
