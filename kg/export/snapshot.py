"""A static PNG picture of a graph (for README and reports); needs matplotlib and a CJK font."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.export.atomic import atomic_write
from kg.export.style import COLOURS
from kg.schema import COOCCURRENCE

CJK_FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "SimHei"]


def write_png(G: nx.MultiDiGraph, path: str | Path, *, typed_only: bool = True, seed: int = 7) -> Path:
    """Draw ``G`` (typed relations only by default) to a PNG. ``G`` is not modified.

    Raises
    ------
    ImportError
        When matplotlib is not installed (``pip install 'kg[notebook]'``).
    """
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    if not names & set(CJK_FONTS):  # the font cache predates the CJK fonts: register them
        for f in font_manager.findSystemFonts():
            if "cjk" in f.lower() or "wqy" in f.lower():
                font_manager.fontManager.addfont(f)
        names = {f.name for f in font_manager.fontManager.ttflist}
    font = next((f for f in CJK_FONTS if f in names), None)
    if font:
        plt.rcParams["font.family"] = font
    H = nx.DiGraph()
    for u, v, k in G.edges(keys=True):
        if not typed_only or k != COOCCURRENCE:
            H.add_edge(u, v, relation=k)
    pos = nx.spring_layout(H, seed=seed, k=0.9)
    fig, ax = plt.subplots(figsize=(12, 9), dpi=110)
    colours = [COLOURS.get(G.nodes[n].get("type", ""), "#bab0ac") for n in H]
    sizes = [120 + 60 * G.degree(n) for n in H]
    nx.draw_networkx_edges(H, pos, ax=ax, edge_color="#bbbbbb", arrows=True, arrowsize=8, width=0.8)
    nx.draw_networkx_nodes(H, pos, ax=ax, node_color=colours, node_size=sizes, linewidths=0)
    family = font or "sans-serif"  # networkx passes its own family unless told
    nx.draw_networkx_labels(
        H, pos, {n: G.nodes[n].get("label", n) for n in H}, ax=ax, font_size=7, font_family=family
    )
    edge_labels = {(u, v): d.get("relation", "") for u, v, d in H.edges(data=True)}
    nx.draw_networkx_edge_labels(
        H, pos, edge_labels, ax=ax, font_size=5, font_color="#777777", font_family=family
    )
    for t, c in COLOURS.items():
        ax.scatter([], [], color=c, label=t)
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    ax.set_axis_off()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return atomic_write(path, lambda fh: fh.write(buf.getvalue()))
