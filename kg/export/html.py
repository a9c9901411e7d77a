"""One self-contained, offline ``graph.html`` to explore a corpus's graph.

The page holds every entity and fact as JSON data but draws only a *first view*: the
most important entities (:func:`first_view`), laid out by ForceAtlas2
(:func:`first_view_layout`). The rest comes when asked for: search (any name or alias)
shows an entity with its neighbourhood, a double click expands a node, and the "show"
control switches to all entities with facts or to everything (positions of the shared
layout, :mod:`kg.export.style`). Selecting an entity or a link opens a side panel with
its facts grouped by relation, each with its sentences (the two names highlighted),
dates and documents. Co-occurrence is a layer to turn on; where facts carry dates, a
date range filters them.

Layout: ``kg/data/templates/page.html`` (skeleton), ``page.css`` and ``page.js`` (the
application); vis-network 9.1.2 is inlined from pyvis's own copy of it. pyvis's page
builder (``Network.generate_html``) is not used: it writes every node into the drawing
at load, which a corpus of 20,000 entities cannot afford, and links Bootstrap from a CDN.

Text from the input reaches the page only as JSON data inside ``<script
type="application/json">`` (``<``, ``>`` and ``&`` escaped, so no text can close the
element) and is put into the document with ``textContent`` or vis-network's text
tooltips, so a name like ``<img onerror=…>`` shows as text and never runs.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

import networkx as nx
import numpy as np

from kg.export.atomic import atomic_write
from kg.export.style import COLOURS, OTHER, pack_cells, remove_overlaps, visual_attributes
from kg.graph.timeline import statements, unnamed_posts
from kg.schema import COOCCURRENCE

TEMPLATES = Path(__file__).parent.parent / "data" / "templates"
FIRST_VIEW = 100  # entities drawn at load: enough to see the main actors, few enough to read
LABEL_CHARS = 14  # longer labels are cut in the drawing (whole in the panel)
EXPAND = 60  # neighbours added by one double click (the most important first)
_SLOT = re.compile(r"__KG_[A-Z_]+__")


def _vis_network() -> str:
    """vis-network's minified script, from the copy pyvis ships (9.1.2, Apache-2.0/MIT)."""
    lib = files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return lib.read_text(encoding="utf-8")


def _facts_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph of the typed facts (no co-occurrence, no self-loops)."""
    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k != COOCCURRENCE and u != v)
    return H


def importances(G: nx.MultiDiGraph) -> dict[str, int]:
    """:func:`kg.export.style.importance` of every node, in one pass over the edges.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", mentions=3)
    >>> G.add_edge("a", "b", key="HOLDS_POSITION")
    'HOLDS_POSITION'
    >>> from kg.export.style import importance
    >>> importances(G) == {n: importance(G, n) for n in G} == {"a": 4, "b": 2}
    True
    """
    out = {n: int(d.get("mentions", 1) or 1) for n, d in G.nodes(data=True)}
    for u, v, k in G.edges(keys=True):
        if k != COOCCURRENCE:
            out[u] += 1
            out[v] += 1
    return out


def first_view(G: nx.MultiDiGraph, limit: int = FIRST_VIEW, *, weight: dict | None = None) -> list[str]:
    """The entities a page shows at load, most important first. ``G`` is not modified.

    Entities that take part in at least one fact, taken in order of importance (facts
    plus mentions, :func:`importances`); one whose facts all lead outside
    the selection brings its most important partner along, so nothing in the first view
    floats alone. Entities with co-occurrence only and the least important stay hidden
    until searched, expanded or asked for.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="HOLDS_POSITION")
    'HOLDS_POSITION'
    >>> G.add_edge("c", "b", key="HOLDS_POSITION")
    'HOLDS_POSITION'
    >>> G.add_edge("c", "d", key="MENTIONED_WITH")
    'MENTIONED_WITH'
    >>> first_view(G)  # d has no fact
    ['b', 'c', 'a']
    >>> first_view(G, limit=2)
    ['b', 'c']
    """
    H = _facts_graph(G)
    weight = weight if weight is not None else importances(G)
    score = {n: weight[n] for n in H if H.degree(n)}
    order = sorted(score, key=lambda n: (-score[n], str(n)))
    chosen: dict[str, None] = {}
    for n in order:
        if len(chosen) >= limit:
            break
        if n in chosen:
            continue
        if any(m in chosen for m in H[n]):
            chosen[n] = None
        elif len(chosen) + 2 <= limit:
            partner = max(H[n], key=lambda m: (score[m], str(m)))
            chosen[n] = None
            chosen[partner] = None
    return list(chosen)


def node_size(weight: float) -> float:
    """Radius of a node on the page, by importance (facts + mentions)."""
    return round(min(36.0, 6.0 + 3.0 * math.sqrt(weight)), 1)


def font_size(weight: float) -> int:
    """Label size on the page, by importance: the main actors read first."""
    return round(min(28.0, 13.0 + 2.0 * math.sqrt(weight)))


def shown_label(label: str, limit: int = LABEL_CHARS) -> str:
    """The label as drawn (the panel and tooltip show it whole).

    Examples
    --------
    >>> shown_label("第四届山西（汾阳·杏花村）世界酒文化博览会")
    '第四届山西（汾阳·杏花村）…'
    """
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _label_width(label: str, font: float) -> float:
    return font * sum(1.0 if ord(c) >= 0x2E80 else 0.55 for c in shown_label(label))


def first_view_layout(
    G: nx.MultiDiGraph,
    nodes: list[str],
    *,
    seed: int = 7,
    edge_length: float = 110.0,
    weight: dict | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions of the first view, in page pixels at zoom 1. ``G`` is not modified.

    Each connected component of the facts (what the view draws: co-occurrence, hidden
    at first, does not pull) is laid out by ForceAtlas2 and scaled to about
    ``edge_length`` between neighbours; the components are packed in rows, biggest
    first, into a screen-shaped block; then boxes that hold each dot and the label
    under it are pushed apart until no label covers another
    (:func:`kg.export.style.remove_overlaps`).
    """
    H = _facts_graph(G).subgraph(nodes)
    if len(H) == 0:
        return {}
    weight = weight if weight is not None else importances(G)
    half_w, half_h, drop = {}, {}, {}
    for n in H:
        r, f = node_size(weight[n]), font_size(weight[n])
        label_h = f * 1.15 + 2
        half_w[n] = max(r, _label_width(str(G.nodes[n].get("label", n)), f) / 2) + 3
        half_h[n] = r + label_h / 2
        drop[n] = label_h / 2  # the box's centre is below the dot: the label hangs under it
    comps = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(map(str, c))))
    cells = []
    for comp in comps:
        sub = H.subgraph(comp)
        if len(comp) == 1:
            local = {next(iter(comp)): (0.0, 0.0)}
        elif len(comp) == 2:  # side by side, as close as their labels allow
            a, b = sorted(comp, key=lambda n: (-weight[n], str(n)))
            local = {a: (0.0, 0.0), b: (half_w[a] + half_w[b] + 30.0, 0.0)}
        else:
            raw = nx.forceatlas2_layout(sub, seed=seed, max_iter=300, linlog=len(comp) > 30)
            lengths = [math.dist(raw[u], raw[v]) for u, v in sub.edges()]
            xy = np.array([raw[n] for n in sub])
            gaps = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
            np.fill_diagonal(gaps, np.inf)
            # neighbours at about edge_length, and no two nodes (a hub's leaves) much nearer than that
            unit = max(
                edge_length / (float(np.median(lengths)) or 1.0),
                0.8 * edge_length / (float(np.median(gaps.min(axis=1))) or 1.0),
            )
            local = {n: (float(x) * unit, float(y) * unit) for n, (x, y) in raw.items()}
        boxed = {n: (x, y + drop[n]) for n, (x, y) in local.items()}
        boxed = remove_overlaps(boxed, half_w, half_h, gap=10.0)
        x0 = min(x - half_w[n] for n, (x, _) in boxed.items())
        y0 = min(y - half_h[n] for n, (_, y) in boxed.items())
        x1 = max(x + half_w[n] for n, (x, _) in boxed.items())
        y1 = max(y + half_h[n] for n, (_, y) in boxed.items())
        cells.append(({n: (x - x0, y - y0) for n, (x, y) in boxed.items()}, (x1 - x0, y1 - y0)))
    corners = pack_cells([size for _, size in cells], aspect=1.3, gap=36.0)
    pos = {}
    for (local, _), (cx, cy) in zip(cells, corners, strict=True):
        for n, (x, y) in local.items():
            pos[n] = (x + cx, y + cy - drop[n])
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (round(x - mx, 1), round(y - my, 1)) for n, (x, y) in pos.items()}


def where_on_page(statement: dict) -> str:
    """Where a statement from a PDF page is: the page and its first box's top left, in points.

    Examples
    --------
    >>> where_on_page({"page": 3, "bbox": [[40.0, 100.5, 190.0, 124.0]]}), where_on_page({})
    ('p. 3 at 40,100 pt', '')
    """
    if not statement.get("page"):
        return ""
    boxes = statement.get("bbox") or []
    at = f" at {boxes[0][0]:.0f},{boxes[0][1]:.0f} pt" if boxes else ""
    return f"p. {statement['page']}{at}"


def page_data(
    G: nx.MultiDiGraph,
    *,
    visual: dict[str, dict] | None = None,
    title: str = "kg",
    first: int = FIRST_VIEW,
    cooccurrence: bool = False,
) -> dict:
    """Everything the page shows, as compact JSON-ready lists. ``G`` is not modified.

    ``nodes`` rows: id, label, type index, aliases (``|``-joined), mentions, importance,
    radius, label size, x and y of the shared layout, x and y of the first view (``None`` outside it),
    first and last date seen, document indices, posts at bodies no document names
    (``[title, body, date]``). ``edges`` rows: head and tail (node
    indices), relation index, title, weight, first and last date, statements
    (``[sentence index, document index, date, title, where on a PDF page]``). Sentences and document ids are
    stored once, in ``sentences`` and ``docs``.
    """
    visual = visual if visual is not None else visual_attributes(G)
    weight = importances(G)
    shown = first_view(G, first, weight=weight)
    fpos = first_view_layout(G, shown, weight=weight)
    index = {n: i for i, n in enumerate(G)}
    types = sorted(Counter(str(d.get("type", "")) for _, d in G.nodes(data=True)).items())
    type_index = {t: i for i, (t, _) in enumerate(types)}
    relations = sorted(Counter(str(k) for *_, k in G.edges(keys=True)).items())
    relation_index = {r: i for i, (r, _) in enumerate(relations)}
    docs: dict[str, int] = {}
    sentences: dict[str, int] = {}

    def doc_of(d: str) -> int:
        return docs.setdefault(str(d), len(docs))

    nodes = []
    for n, d in G.nodes(data=True):
        v = visual[n]
        fx, fy = fpos.get(n, (None, None))
        nodes.append(
            [
                str(n),
                str(d.get("label", n)),
                type_index[str(d.get("type", ""))],
                str(d.get("aliases", "") or ""),
                int(d.get("mentions", 0) or 0),
                weight[n],
                node_size(weight[n]),
                font_size(weight[n]),
                v["x"],
                v["y"],
                fx,
                fy,
                str(d.get("first_seen", "") or ""),
                str(d.get("last_seen", "") or ""),
                [doc_of(x) for x in str(d.get("docs", "") or "").split("|") if x],
                [[str(p["title"]), str(p["body"]), str(p.get("date", "") or "")] for p in unnamed_posts(d)],
            ]
        )
    edges = []
    dates = []
    for u, v, k, d in G.edges(keys=True, data=True):
        rows = []
        for st in statements(d):
            sentence = str(st.get("sentence", "") or "")
            rows.append(
                [
                    sentences.setdefault(sentence, len(sentences)),
                    doc_of(st.get("doc", "")),
                    str(st.get("date", "") or ""),
                    str(st.get("title", "") or ""),
                    where_on_page(st),
                ]
            )
        first_date = str(d.get("first_date") or d.get("date") or "")
        last_date = str(d.get("last_date") or d.get("date") or "")
        if k != COOCCURRENCE and first_date:
            dates += [first_date, last_date]
        edges.append(
            [
                index[u],
                index[v],
                relation_index[str(k)],
                str(d.get("title", "") or ""),
                int(d.get("weight", 1) or 1),
                first_date,
                last_date,
                rows,
            ]
        )
    return {
        "title": title,
        "types": [{"name": t, "count": c, "colour": COLOURS.get(t, OTHER)} for t, c in types],
        "relations": [{"name": r, "count": c} for r, c in relations],
        "cooccurrence": COOCCURRENCE,
        "cooccurrenceOn": cooccurrence,
        "first": [index[n] for n in shown],
        "expand": EXPAND,
        "labelChars": LABEL_CHARS,
        "dates": [min(dates), max(dates)] if dates else None,
        "docs": list(docs),
        "sentences": list(sentences),
        "nodes": nodes,
        "edges": edges,
    }


def _json_for_script(data: dict) -> str:
    """JSON that can sit inside ``<script>``: no ``<``, ``>`` or ``&`` can close the element."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def to_html(
    G: nx.MultiDiGraph,
    *,
    visual: dict[str, dict] | None = None,
    title: str = "kg",
    cooccurrence: bool = False,
    first: int = FIRST_VIEW,
) -> str:
    """The page for ``G`` as a string (``G`` is not modified).

    Parameters
    ----------
    visual : dict, optional
        Colours, sizes and shared positions (:func:`kg.export.style.visual_attributes`).
    title : str
        Shown as the page's title (as text).
    cooccurrence : bool
        Whether the co-occurrence layer is on at load (the user can toggle it).
    first : int
        How many entities the first view shows at most (:func:`first_view`).
    """
    data = page_data(G, visual=visual, title=title, first=first, cooccurrence=cooccurrence)
    parts = {
        "__KG_VIS__": _vis_network(),
        "__KG_CSS__": (TEMPLATES / "page.css").read_text(encoding="utf-8"),
        "__KG_DATA__": _json_for_script(data),
        "__KG_APP__": (TEMPLATES / "page.js").read_text(encoding="utf-8"),
    }
    template = (TEMPLATES / "page.html").read_text(encoding="utf-8")
    # one pass over the template: nothing inserted is scanned for slots again
    return _SLOT.sub(lambda m: parts[m.group(0)], template)


def write_html(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    visual: dict[str, dict] | None = None,
    title: str = "kg",
    first: int = FIRST_VIEW,
) -> Path:
    """Write the offline page for ``G`` (UTF-8, atomically). ``G`` is not modified."""
    html = to_html(G, visual=visual, title=title, first=first)
    return atomic_write(path, lambda fh: fh.write(html.encode("utf-8")))
