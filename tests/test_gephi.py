"""Gephi files: GraphML read back by networkx, GEXF 1.3 read back by ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.builder import build
from kg.export.gexf import GEXF_NS, VIZ_NS, write_gexf
from kg.export.graphml import write_graphml
from kg.export.style import COLOURS, rgb

NS = {"g": GEXF_NS, "viz": VIZ_NS}


@pytest.fixture(scope="module")
def built(nlp, tmp_path_factory):
    out = tmp_path_factory.mktemp("gephi")
    return build(None, out, nlp=nlp).graph, out


def test_gephi_graphml_round_trip_with_visual_attributes(built):
    G, out = built
    H = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    for n, d in H.nodes(data=True):
        assert d["label"] == G.nodes[n]["label"] and d["type"] == G.nodes[n]["type"]
        assert (d["r"], d["g"], d["b"]) == rgb(COLOURS[d["type"]])
        assert all(isinstance(d[k], int) for k in ("r", "g", "b"))
        assert d["size"] > 0 and isinstance(d["x"], float) and isinstance(d["y"], float)
    text = (out / "graph.graphml").read_text(encoding="utf-8")
    assert '<key id="r" for="node" attr.name="r" attr.type="long"' in text
    assert "provenance" not in text  # lists stay in the JSON export


def test_gephi_gexf_is_version_1_3_with_viz(built):
    G, out = built
    root = ET.parse(out / "graph.gexf").getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    nodes = root.findall("g:graph/g:nodes/g:node", NS)
    edges = root.findall("g:graph/g:edges/g:edge", NS)
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert len({e.get("id") for e in edges}) == len(edges)
    declared = {
        a.get("id"): a.get("type")
        for a in root.findall("g:graph/g:attributes[@class='node']/g:attribute", NS)
    }
    assert declared["mentions"] == "integer" and declared["type"] == "string"
    for el in nodes:
        n = el.get("id")
        assert el.get("label") == G.nodes[n]["label"]
        colour = el.find("viz:color", NS)
        assert tuple(int(colour.get(c)) for c in "rgb") == rgb(COLOURS[G.nodes[n]["type"]])
        assert float(el.find("viz:size", NS).get("value")) > 0
        assert el.find("viz:position", NS) is not None
        values = {v.get("for"): v.get("value") for v in el.findall("g:attvalues/g:attvalue", NS)}
        assert values["type"] == G.nodes[n]["type"]


def test_gephi_edges_keep_relation_weight_and_title(built):
    G, out = built
    root = ET.parse(out / "graph.gexf").getroot()
    holds = [e for e in root.findall("g:graph/g:edges/g:edge", NS) if e.get("label") == "HOLDS_POSITION"]
    assert holds
    for e in holds:
        values = {v.get("for"): v.get("value") for v in e.findall("g:attvalues/g:attvalue", NS)}
        assert values["title"] and float(e.get("weight")) >= 1
        assert G.edges[e.get("source"), e.get("target"), "HOLDS_POSITION"]["title"] == values["title"]


def test_gephi_exports_do_not_modify_the_graph(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("A", label="<script>甲</script>", type="PERSON", mentions=1)
    G.add_node("B", label="乙", type="COMPANY", mentions=1)
    G.add_edge("A", "B", key="HOLDS_POSITION", relation="HOLDS_POSITION", weight=1, provenance=[{"doc": "d"}])
    before = (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True)))
    write_graphml(G, tmp_path / "g.graphml")
    write_gexf(G, tmp_path / "g.gexf")
    assert (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True))) == before
    # markup in names is escaped, and read back as text
    assert (
        ET.parse(tmp_path / "g.gexf").getroot().find("g:graph/g:nodes/g:node", NS).get("label")
        == "<script>甲</script>"
    )


def test_gephi_layout_of_a_graph_past_500_nodes():
    # networkx switches to its sparse (scipy) layout above 500 nodes
    from kg.export.style import visual_attributes

    G = nx.MultiDiGraph()
    for i in range(600):
        G.add_node(f"n{i}", label=f"实体{i}", type="PERSON", mentions=1)
    for i in range(599):
        G.add_edge(f"n{i}", f"n{i + 1}", key="HOLDS_POSITION")
    v = visual_attributes(G)
    assert len(v) == 600
    assert len({(a["x"], a["y"]) for a in v.values()}) == 600


def test_gephi_layout_of_a_big_graph_packs_components_apart():
    # past SPRING_MAX nodes each component is laid out alone (pivot MDS for a big one)
    from kg.export.style import SPRING_MAX, layout

    G = nx.MultiDiGraph()
    big = SPRING_MAX + 200
    for i in range(big - 1):  # one long chain of facts with co-occurrence shortcuts
        G.add_edge(f"a{i}", f"a{i + 1}", key="HOLDS_POSITION")
        if i % 7 == 0 and i + 5 < big:
            G.add_edge(f"a{i}", f"a{i + 5}", key="MENTIONED_WITH")
    for c in range(30):  # thirty triangles and a few isolated nodes
        for a, b in [(0, 1), (1, 2), (2, 0)]:
            G.add_edge(f"t{c}-{a}", f"t{c}-{b}", key="COOPERATES_WITH")
    G.add_nodes_from(f"lone{i}" for i in range(5))
    pos = layout(G)
    assert set(pos) == set(G)
    assert len(set(pos.values())) == len(G)
    assert pos == layout(G)  # seeded: the same graph gets the same picture

    def box(prefix):
        xs = [x for n, (x, _) in pos.items() if n.startswith(prefix)]
        ys = [y for n, (_, y) in pos.items() if n.startswith(prefix)]
        return min(xs), max(xs), min(ys), max(ys)

    ax0, ax1, ay0, ay1 = box("a")
    for c in range(30):
        x0, x1, y0, y1 = box(f"t{c}-")
        assert x1 < ax0 or x0 > ax1 or y1 < ay0 or y0 > ay1  # no triangle drawn over the chain

    # the chain keeps its order: neighbours sit closer than far ends
    def dist(u, v):
        return ((pos[u][0] - pos[v][0]) ** 2 + (pos[u][1] - pos[v][1]) ** 2) ** 0.5

    assert dist("a0", "a1") < dist("a0", f"a{big - 1}")
