"""career, timeline and holders (kg.graph.timeline, KnowledgeGraph) on facts written by hand."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from written import post, unnamed

import kg
from kg import KnowledgeGraph
from kg.export.graphml import write_graphml
from kg.graph.build import build_graph
from kg.graph.timeline import career, holders, timeline

CORPUS = Path(kg.__file__).parent / "sample" / "corpus"


@pytest.fixture()
def G() -> nx.MultiDiGraph:
    # a county head becomes a city vice mayor; her deputy succeeds him; documents out of order
    return build_graph(
        [
            post("d5", "2021-04-20", "林晓梅", "县长", "苍岭县政府"),
            post("d1", "2019-03-12", "周明远", "县长", "苍岭县政府"),
            post("d2", "2019-03-12", "林晓梅", "副县长", "苍岭县政府"),
            post("d6", "2022-05-16", "周明远", "副市长", "云川市政府"),
            post("d3", "2019-11-05", "周明远", "县长", "苍岭县政府"),
            post("d4", "2021-04-20", "周明远", "副市长", "云川市政府"),
            post("d7", "2022-05-16", "林晓梅", "县长", "苍岭县政府"),
            post("d8", None, "周明远", "组长", "防汛领导小组"),
        ]
    )


def test_build_graph_edges_keep_first_and_last_date():
    G = build_graph(
        [
            post("a", None, "周明远", "县长", "苍岭县政府"),
            post("b", "2019-11-05", "周明远", "县长", "苍岭县政府"),
            post("c", "2019-03-12", "周明远", "县长", "苍岭县政府"),
        ]
    )
    (d,) = [d for *_, k, d in G.edges(keys=True, data=True) if k == "HOLDS_POSITION"]
    assert (d["date"], d["first_date"], d["last_date"]) == ("", "2019-03-12", "2019-11-05")
    assert d["weight"] == 3
    assert all("first_date" not in d for *_, k, d in G.edges(keys=True, data=True) if k == "MENTIONED_WITH")


def test_timeline_career_orders_posts_in_time(G):
    df = career(G, "PERSON:周明远")
    rows = df[["title", "body", "first_date", "last_date", "docs", "statements"]].values.tolist()
    assert rows == [
        ["县长", "苍岭县政府", "2019-03-12", "2019-11-05", "d1|d3", 2],
        ["副市长", "云川市政府", "2021-04-20", "2022-05-16", "d4|d6", 2],
        ["组长", "防汛领导小组", "", "", "d8", 1],  # undated: last
    ]
    assert df["evidence"][0] == "苍岭县政府县长周明远出席会议。"  # the earliest statement
    assert df["body_id"][1] == "GOV_ORG:云川市政府"


def test_timeline_career_splits_one_edge_by_title(G):
    # one HOLDS_POSITION edge 林晓梅 → 苍岭县政府, stated with two titles
    assert G.number_of_edges("PERSON:林晓梅", "GOV_ORG:苍岭县政府") == 1
    rows = career(G, "PERSON:林晓梅")[["title", "first_date", "last_date", "docs"]].values.tolist()
    assert rows == [
        ["副县长", "2019-03-12", "2019-03-12", "d2"],
        ["县长", "2021-04-20", "2022-05-16", "d5|d7"],
    ]


def test_timeline_holders_shows_who_preceded_whom(G):
    df = holders(G, "GOV_ORG:苍岭县政府")
    # by first date, then last date: both were first reported on 2019-03-12, her post only then
    assert list(zip(df.person, df.title, df.first_date, df.last_date, strict=True)) == [
        ("林晓梅", "副县长", "2019-03-12", "2019-03-12"),
        ("周明远", "县长", "2019-03-12", "2019-11-05"),
        ("林晓梅", "县长", "2021-04-20", "2022-05-16"),
    ]
    heads = holders(G, "GOV_ORG:苍岭县政府", title="县长")
    assert list(zip(heads.person, heads.last_date, strict=True)) == [
        ("周明远", "2019-11-05"),
        ("林晓梅", "2022-05-16"),
    ]


def test_timeline_holders_title_matches_a_part_not_a_prefix():
    G = build_graph(
        [
            post("a", "2020-01-02", "卫海平", "党组书记、局长", "市水利局"),
            post("b", "2020-01-03", "王强", "副局长", "市水利局"),
        ]
    )
    assert holders(G, "GOV_ORG:市水利局", title="局长")["person"].tolist() == ["卫海平"]
    assert holders(G, "GOV_ORG:市水利局", title="副局长")["person"].tolist() == ["王强"]


def test_timeline_lists_dated_statements_in_order(G):
    df = timeline(G, "PERSON:周明远")
    assert df["date"].tolist() == ["2019-03-12", "2019-11-05", "2021-04-20", "2022-05-16"]
    assert df["other"].tolist() == ["苍岭县政府", "苍岭县政府", "云川市政府", "云川市政府"]
    assert set(df["relation"]) == {"HOLDS_POSITION"} and set(df["direction"]) == {"out"}
    assert df["doc"].tolist() == ["d1", "d3", "d4", "d6"]
    everything = timeline(G, "PERSON:周明远", undated=True)
    assert len(everything) == 5 and everything["date"].iloc[-1] == "" and everything["doc"].iloc[-1] == "d8"
    body = timeline(G, "GOV_ORG:云川市政府")
    assert body["direction"].tolist() == ["in", "in"] and body["other"].tolist() == ["周明远", "周明远"]


def test_timeline_leaves_out_cooccurrence(G):
    G = G.copy()
    G.add_edge(
        "PERSON:周明远", "PERSON:林晓梅", key="MENTIONED_WITH", relation="MENTIONED_WITH", date="2019-03-12"
    )
    assert "MENTIONED_WITH" not in set(timeline(G, "PERSON:周明远", undated=True)["relation"])


def test_timeline_functions_do_not_modify_the_graph(G):
    before = nx.node_link_data(G, edges="links")
    career(G, "PERSON:周明远"), holders(G, "GOV_ORG:苍岭县政府"), timeline(G, "PERSON:林晓梅")
    assert nx.node_link_data(G, edges="links") == before


def test_timeline_unknown_node_raises(G):
    with pytest.raises(KeyError):
        career(G, "PERSON:nobody")


def test_knowledge_graph_career_timeline_holders_take_names(G):
    kgraph = KnowledgeGraph(G)
    assert kgraph.career("周明远")["body"].tolist() == ["苍岭县政府", "云川市政府", "防汛领导小组"]
    assert kgraph.holders("苍岭县政府", title="县长")["person"].tolist() == ["周明远", "林晓梅"]
    assert len(kgraph.timeline("林晓梅")) == 3
    with pytest.raises(KeyError):
        kgraph.career("无此人")


def test_knowledge_graph_career_from_graphml_keeps_the_span_of_dates(G, tmp_path):
    # GraphML has no provenance: one row per edge, its first title, its first and last date
    write_graphml(G, tmp_path / "g.graphml")
    kgraph = KnowledgeGraph.read_graphml(tmp_path / "g.graphml")
    rows = kgraph.career("周明远")[["title", "body", "first_date", "last_date"]].values.tolist()
    assert rows[:2] == [
        ["县长", "苍岭县政府", "2019-03-12", "2019-11-05"],
        ["副市长", "云川市政府", "2021-04-20", "2022-05-16"],
    ]


@pytest.mark.slow
def test_timeline_bundled_corpus_careers(nlp):
    # the texts in kg/sample/corpus/ (made up): 周明远 is 苍岭县县长 in the 2019 items and
    # 云川市副市长 in 2021 and 2022; 林晓梅, his deputy in 2019, is 县长 from 2021. The first
    # item names the body 苍岭县人民政府, the second only says 县长 (苍岭县政府): one post
    kgraph = KnowledgeGraph.build(CORPUS, nlp=nlp)
    posts = kgraph.career("周明远")
    assert posts[["title", "body", "first_date", "last_date"]].values.tolist() == [
        ["县长", "苍岭县人民政府", "2019-03-12", "2019-11-05"],
        ["副市长", "云川市政府", "2021-04-20", "2022-05-16"],
    ]
    assert posts["docs"][0] == "2019-03-12_canglin_solar|2019-11-05_canglin_visit"
    heads = kgraph.holders("苍岭县政府", title="县长")
    assert heads["person"].tolist() == ["周明远", "林晓梅"]
    assert kgraph.holders("横岭县政府", title="县长")["person"].tolist() == ["宋佳文", "罗海峰"]
    song = kgraph.timeline("宋佳文")
    assert song["date"].is_monotonic_increasing and song["date"].iloc[-1] == "2022-05-16"
    assert song[song.relation == "HOLDS_POSITION"]["other"].tolist() == [
        "横岭县政府",
        "横岭县政府",
        "市水利局",
    ]


def test_posts_at_unnamed_bodies_are_the_persons_own():
    # no sentence names 云川市政府: no node and no edge for it, but the post is kept on the
    # person, in career and holders, and survives GraphML as title@body
    G = build_graph(
        [
            unnamed("d1", "2021-04-20", "周明远", "副市长", "云川市政府"),
            unnamed("d2", "2022-05-16", "周明远", "副市长", "云川市政府"),
            post("d3", "2019-03-12", "周明远", "县长", "苍岭县政府"),
        ]
    )
    assert not any(d["label"] == "云川市政府" for _, d in G.nodes(data=True))
    person = next(n for n, d in G.nodes(data=True) if d["label"] == "周明远")
    rows = career(G, person)[["title", "body", "first_date", "last_date", "body_id"]].values.tolist()
    assert rows == [
        ["县长", "苍岭县政府", "2019-03-12", "2019-03-12", "GOV_ORG:苍岭县政府"],
        ["副市长", "云川市政府", "2021-04-20", "2022-05-16", ""],
    ]
    assert holders(G, "云川市政府")["person"].tolist() == ["周明远"]
    with pytest.raises(KeyError, match="no post at a body of that name"):
        holders(G, "横岭县政府")


def test_posts_at_unnamed_bodies_read_back_from_graphml(tmp_path):
    G = build_graph([unnamed("d1", "2021-04-20", "周明远", "副市长", "云川市政府")])
    back = KnowledgeGraph.read_graphml(write_graphml(G, tmp_path / "g.graphml"))
    (node,) = [d for _, d in back.G.nodes(data=True) if d["label"] == "周明远"]
    assert node["posts"] == "副市长@云川市政府"
    assert back.career("周明远")[["title", "body"]].values.tolist() == [["副市长", "云川市政府"]]
