"""GEXF 1.3 with the viz namespace: Gephi's native colour, size and position.

networkx writes GEXF 1.1/1.2 drafts only, so kg writes 1.3 itself with ElementTree:
every node and edge attribute of the GraphML export is declared under ``<attributes>``
(strings, integers or doubles), colours are ``viz:color``, sizes ``viz:size`` and
positions ``viz:position`` (:mod:`kg.export.style`), and edge ids are unique.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from kg.export.atomic import atomic_write
from kg.export.graphml import SKIP, _scalar
from kg.export.style import visual_attributes

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_VISUAL = {"r", "g", "b", "size", "x", "y", "colour"}


def _kind(values: list) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _declare(graph_el: ET.Element, cls: str, rows: list[dict]) -> dict[str, str]:
    keys = sorted({k for r in rows for k in r})
    attrs = ET.SubElement(graph_el, f"{{{GEXF_NS}}}attributes", {"class": cls})
    ids = {}
    for k in keys:
        kind = _kind([r[k] for r in rows if k in r])
        ET.SubElement(attrs, f"{{{GEXF_NS}}}attribute", {"id": k, "title": k, "type": kind})
        ids[k] = k
    return ids


def to_gexf(G: nx.MultiDiGraph, visual: dict[str, dict] | None = None) -> ET.ElementTree:
    """The GEXF 1.3 document of ``G`` (``G`` is not modified)."""
    visual = visual if visual is not None else visual_attributes(G)
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta", {"lastmodifieddate": dt.date.today().isoformat()})
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "kg"
    graph = ET.SubElement(root, f"{{{GEXF_NS}}}graph", {"defaultedgetype": "directed", "mode": "static"})
    node_rows = {
        n: {k: _scalar(v) for k, v in d.items() if k not in SKIP | {"label"}} for n, d in G.nodes(data=True)
    }
    edge_rows = [
        (u, v, k, {a: _scalar(b) for a, b in d.items() if a not in SKIP | {"weight"}})
        for u, v, k, d in G.edges(keys=True, data=True)
    ]
    _declare(graph, "node", list(node_rows.values()))
    _declare(graph, "edge", [r for *_, r in edge_rows])
    nodes = ET.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for n, d in G.nodes(data=True):
        el = ET.SubElement(nodes, f"{{{GEXF_NS}}}node", {"id": str(n), "label": str(d.get("label", n))})
        _attvalues(el, node_rows[n])
        v = visual[n]
        ET.SubElement(
            el, f"{{{VIZ_NS}}}color", {"r": str(v["r"]), "g": str(v["g"]), "b": str(v["b"]), "a": "1.0"}
        )
        ET.SubElement(el, f"{{{VIZ_NS}}}size", {"value": str(v["size"])})
        ET.SubElement(el, f"{{{VIZ_NS}}}position", {"x": str(v["x"]), "y": str(v["y"]), "z": "0.0"})
    edges = ET.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for i, (u, v, k, row) in enumerate(edge_rows):
        weight = G.edges[u, v, k].get("weight", 1)
        el = ET.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            {
                "id": f"e{i}",
                "source": str(u),
                "target": str(v),
                "label": str(k),
                "weight": str(float(weight)),
            },
        )
        _attvalues(el, row)
    return ET.ElementTree(root)


def _attvalues(el: ET.Element, row: dict) -> None:
    if not row:
        return
    values = ET.SubElement(el, f"{{{GEXF_NS}}}attvalues")
    for k, v in row.items():
        ET.SubElement(
            values,
            f"{{{GEXF_NS}}}attvalue",
            {"for": k, "value": str(v).lower() if isinstance(v, bool) else str(v)},
        )


def write_gexf(G: nx.MultiDiGraph, path: str | Path, visual: dict[str, dict] | None = None) -> Path:
    """Write ``G`` as GEXF 1.3 (UTF-8, atomically). ``G`` is not modified."""
    tree = to_gexf(G, visual)
    ET.indent(tree, space=" ")
    return atomic_write(path, lambda fh: tree.write(fh, encoding="utf-8", xml_declaration=True))
