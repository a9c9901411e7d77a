"""Every export of a graph into one folder: the files ``kg build`` writes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.html import write_html
from kg.export.nodelink import write_json
from kg.export.style import visual_attributes
from kg.export.tables import write_csv


def write_outputs(G: nx.MultiDiGraph, out: str | Path, *, title: str = "kg") -> list[Path]:
    """Write ``graph.graphml``, ``graph.gexf``, ``graph.html``, ``graph.json`` and the CSV
    tables of ``G`` into ``out``, each atomically; return their paths. ``G`` is not modified.
    """
    out = Path(out)
    visual = visual_attributes(G)
    return [
        write_graphml(G, out / "graph.graphml", visual),
        write_gexf(G, out / "graph.gexf", visual),
        write_html(G, out / "graph.html", visual=visual, title=title),
        write_json(G, out / "graph.json"),
        *write_csv(G, out),
    ]
