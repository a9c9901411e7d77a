"""The notebook API (KnowledgeGraph) on the sample and on written texts."""

from __future__ import annotations

import networkx as nx
import pytest

from kg import KnowledgeGraph


@pytest.fixture(scope="module")
def kgraph(nlp):
    return KnowledgeGraph.build(nlp=nlp)


def test_query_find_is_alias_aware(kgraph):
    assert kgraph.find("鹏飞集团")["id"] == kgraph.find("孝义鹏飞集团")["id"]
    assert kgraph.find("“5G+智慧煤化工”应用实验室")["type"] == "PROJECT"
    with pytest.raises(KeyError, match="did you mean .*鹏飞集团"):
        kgraph.find("鹏")


def test_query_find_knows_the_short_forms_resolution_merges(kgraph):
    # 离石电缆 and 离石电缆有限公司 are one name to resolution (a company without its legal
    # form), so the short form finds the entity even where the text never used it
    assert kgraph.find("离石电缆")["label"] == "离石电缆有限公司"
    assert kgraph.find("鹏飞")["id"] == kgraph.find("孝义鹏飞集团")["id"]  # the trade name
    assert kgraph.find("吕梁")["type"] == "PLACE"


def test_query_find_refuses_an_ambiguous_short_form():
    G = nx.MultiDiGraph()
    G.add_node("PROJECT:华为大数据中心", label="华为大数据中心", type="PROJECT")
    G.add_node("PROJECT:交城大数据中心", label="交城大数据中心", type="PROJECT")
    with pytest.raises(KeyError, match="short form of several entities"):
        KnowledgeGraph(G).find("大数据中心")


def test_query_views(kgraph):
    ents = kgraph.entities(type="PERSON")
    assert set(ents.type) == {"PERSON"} and "李子荣" in set(ents.label)
    off = kgraph.officials(org="市水利局")
    assert list(off.person) == ["李子荣"] and list(off.title) == ["局长"]
    assert "30万吨合成氨" in set(kgraph.projects().project)
    rel = kgraph.relations("ISSUED")
    assert set(rel.relation) == {"ISSUED"} and len(rel) == 2
    assert "MENTIONED_WITH" not in set(kgraph.relations().relation)


def test_query_neighbors_path_subgraph(kgraph):
    nb = kgraph.neighbors("李正印")
    posts = set(zip(nb.relation, nb.title, strict=True))
    assert {("HOLDS_POSITION", "副主席"), ("HOLDS_POSITION", "书记")} <= posts
    assert kgraph.path("高建峰", "市生态环境局") == [
        ("高建峰", "HOLDS_POSITION", "水生态保护科"),
        ("水生态保护科", "PART_OF", "吕梁市生态环境局"),
    ]
    sub = kgraph.subgraph(around="李正印", hops=1, types=["GOV_ORG"])
    assert {d["type"] for _, d in sub.G.nodes(data=True)} == {"PERSON", "GOV_ORG"}
    with pytest.raises(nx.NetworkXNoPath):
        kgraph.path("李子荣", "《行政审批一窗式服务规范》")


def test_query_write_and_read_graphml_round_trip(kgraph, tmp_path):
    paths = kgraph.write(tmp_path)
    assert {p.name for p in paths} >= {
        "graph.graphml",
        "graph.gexf",
        "graph.json",
        "entities.csv",
        "graph.html",
    }
    again = KnowledgeGraph.read_graphml(tmp_path / "graph.graphml")
    assert len(again) == len(kgraph)
    assert again.officials().equals(kgraph.officials())


def test_query_build_from_raw_texts(nlp):
    k = KnowledgeGraph.build(
        ["鹏飞集团董事局主席兼总裁郑鹏介绍说。", "离石电缆有限公司与上海电缆工程设计研究所开展合作。"],
        nlp=nlp,
    )
    assert set(k.entities().label) >= {"鹏飞集团", "郑鹏", "离石电缆有限公司"}
    assert len(k.relations("COOPERATES_WITH")) == 1
    assert k.to_networkx() is not k.G
