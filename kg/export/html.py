"""One self-contained, offline ``graph.html``: pyvis's vis-network page, wrapped.

pyvis has three traps (see ``../shared/style/STYLE.md``): its page loads Bootstrap from a
CDN even with ``cdn_resources="in_line"``, it writes files without an encoding, and
``from_nx`` mutates the caller's graph. kg copies what it shows into a fresh
``Network(cdn_resources="in_line")`` (vis-network inlined from pyvis's own copy), calls
``generate_html()``, removes every remote ``<link>``/``<script>``, adds its own panel
(``kg/data/templates/panel.html``: legend, type and relation filters, search by name or
alias, neighbourhood highlight) and writes UTF-8 atomically.

Text from the input reaches the page only as JSON data (pyvis's ``tojson`` escapes
``<``, ``>`` and ``&``) or through ``textContent``/vis-network's text tooltips, so a name
like ``<img onerror=…>`` shows as text and never runs. Positions are precomputed
(:mod:`kg.export.style`) and physics is off: the layout is stable at once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import networkx as nx

from kg.export.atomic import atomic_write
from kg.export.style import COLOURS, OTHER, visual_attributes
from kg.facts.types import COOCCURRENCE

PANEL = Path(__file__).parent.parent / "data" / "templates" / "panel.html"
_REMOTE = re.compile(r"<link[^>]+https?://[^>]*>|<script[^>]+src=\"https?://[^\"]*\"[^>]*>\s*</script>", re.S)
_HEADINGS = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")


def _tooltip(G: nx.MultiDiGraph, n: str, d: dict) -> str:
    lines = [f"{d.get('label', n)}  [{d.get('type', '')}]"]
    if d.get("aliases"):
        lines.append("别名 aliases: " + "，".join(str(d["aliases"]).split("|")))
    for _, v, k, e in G.out_edges(n, keys=True, data=True):
        if k == "HOLDS_POSITION":
            lines.append(f"职务 post: {e.get('title', '')} @ {G.nodes[v].get('label', v)}")
    if d.get("docs"):
        lines.append("文档 docs: " + ", ".join(str(d["docs"]).split("|")))
    evidence = [e.get("evidence", "") for *_, k, e in G.edges(n, keys=True, data=True) if k != COOCCURRENCE]
    for sentence in evidence[:2]:
        lines.append("“" + (sentence[:80] + "…" if len(sentence) > 80 else sentence) + "”")
    return "\n".join(lines)


def to_html(
    G: nx.MultiDiGraph,
    *,
    visual: dict[str, dict] | None = None,
    title: str = "kg",
    cooccurrence: bool = False,
) -> str:
    """The page for ``G`` as a string (``G`` is not modified)."""
    from pyvis.network import Network

    visual = visual if visual is not None else visual_attributes(G)
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    for n, d in G.nodes(data=True):
        v = visual[n]
        posts = "; ".join(
            f"{e.get('title', '')} @ {G.nodes[t].get('label', t)}"
            for _, t, k, e in G.out_edges(n, keys=True, data=True)
            if k == "HOLDS_POSITION"
        )
        net.add_node(
            str(n),
            label=str(d.get("label", n)),
            title=_tooltip(G, n, d),
            color=v["colour"],
            size=v["size"],
            x=v["x"],
            y=v["y"],
            physics=False,
            shape="dot",
            font={"size": 14, "face": "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"},
            kgType=d.get("type", ""),
            kgLabel=str(d.get("label", n)),
            kgAliases=str(d.get("aliases", "")),
            kgPosts=posts,
        )
    for u, v, k, d in G.edges(keys=True, data=True):
        if k == COOCCURRENCE and not cooccurrence:
            continue
        label = d.get("title") or k
        net.add_edge(
            str(u),
            str(v),
            label=str(label),
            title=f"{k}\n{d.get('evidence', '')}",
            width=1 + math.log(int(d.get("weight", 1) or 1), 2),
            arrows="to",
            kgRelation=k,
            color="#cccccc" if k == COOCCURRENCE else "#999999",
            font={"size": 10, "color": "#666666"},
        )
    net.toggle_physics(False)
    html = net.generate_html()
    html = _HEADINGS.sub("", _REMOTE.sub("", html))
    types = Counter(d.get("type", "") for _, d in G.nodes(data=True))
    relations = Counter(k for *_, k in G.edges(keys=True) if k != COOCCURRENCE or cooccurrence)
    meta = {
        "title": title,
        "types": [{"name": t, "count": c, "colour": COLOURS.get(t, OTHER)} for t, c in sorted(types.items())],
        "relations": [{"name": r, "count": c} for r, c in sorted(relations.items())],
    }
    # JSON inside <script>: escape <, > and & so that no text can close the element
    blob = (
        json.dumps(meta, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    panel = PANEL.read_text(encoding="utf-8").replace("__KG_META__", blob)
    return html.replace("</body>", panel + "\n</body>", 1)


def write_html(
    G: nx.MultiDiGraph, path: str | Path, *, visual: dict[str, dict] | None = None, title: str = "kg"
) -> Path:
    """Write the offline page for ``G`` (UTF-8, atomically). ``G`` is not modified."""
    html = to_html(G, visual=visual, title=title)
    return atomic_write(path, lambda fh: fh.write(html.encode("utf-8")))
