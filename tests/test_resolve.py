"""Entity resolution and one-sense-per-document rules (no model needed)."""

from __future__ import annotations

from kg.facts.consistency import propagate, vote_labels
from kg.facts.types import DocFacts, Mention, Sentence
from kg.graph.build import build_graph
from kg.graph.resolve import cluster_names
from kg.names import normal_form


def test_resolve_head_final_shortening_and_stems():
    m = cluster_names(["离石电缆有限公司", "离石电缆", "上海电缆工程设计研究所"], "COMPANY")
    assert m["离石电缆"] == "离石电缆有限公司"
    m = cluster_names(["市委", "吕梁市委"], "GOV_ORG")
    assert m["市委"] == "吕梁市委"
    m = cluster_names(["吕梁市", "吕梁"], "PLACE")
    assert m["吕梁"] == "吕梁市"


def test_resolve_ambiguous_suffix_stays_apart():
    m = cluster_names(["省政协", "市政协", "政协"], "GOV_ORG")
    assert m["政协"] == "政协"


def test_resolve_persons_are_never_shortened():
    m = cluster_names(["李子荣", "子荣"], "PERSON")
    assert m["子荣"] == "子荣"


def test_resolve_contraction_of_an_event():
    m = cluster_names(["第四届山西（汾阳·杏花村）世界酒文化博览会", "世界酒文化博览会", "酒博会"], "EVENT")
    assert len(set(m.values())) == 1


def test_resolve_standard_abbreviation_in_event_names():
    assert normal_form("市委四届十次全会暨市委经济工作会议", "EVENT") == normal_form(
        "市委四届十次全体会议暨市委经济工作会议", "EVENT"
    )


def _sent(text: str, index: int = 0, start: int = 0) -> Sentence:
    return Sentence("d", index, start, start + len(text), text, start, start + len(text))


def test_resolve_apposition_with_a_dash_merges():
    text = "山西首家焦化5G应用实验室——鹏飞焦化厂的“5G+智慧煤化工”应用实验室揭牌成立"
    a = Mention("山西首家焦化5G应用实验室", "PROJECT", "d", 0, 0, 13, 0, 13)
    owner = Mention("鹏飞焦化厂", "COMPANY", "d", 0, 15, 20, 15, 20)
    b = Mention("“5G+智慧煤化工”应用实验室", "PROJECT", "d", 0, 21, 36, 21, 36)
    G = build_graph([DocFacts("d", "h", [_sent(text)], [a, owner, b])])
    projects = [n for n, d in G.nodes(data=True) if d["type"] == "PROJECT"]
    assert len(projects) == 1
    node = G.nodes[projects[0]]
    names = {node["label"], *node["aliases"].split("|")}
    assert {"山西首家焦化5G应用实验室", "“5G+智慧煤化工”应用实验室"} <= names


def test_consistency_rule_label_wins_over_the_model():
    a = Mention("胡富国", "PERSON", "d", 0, 4, 7, 4, 7, "person-after-title")
    b = Mention("胡富国", "PLACE", "d", 1, 20, 23, 20, 23, "ner")
    c = Mention("胡富国", "PLACE", "d", 2, 40, 43, 40, 43, "ner")
    assert [m.label for m in vote_labels([a, b, c])] == ["PERSON"] * 3


def test_consistency_propagates_a_name_to_its_other_mentions():
    s0, s1 = _sent("女工张润莲说", 0, 0), _sent("张润莲家很困难", 1, 6)
    m = Mention("张润莲", "PERSON", "d", 0, 2, 5, 2, 5, "person-after-title")
    out = propagate([m], [s0, s1], lambda s, e: (s, e))
    assert [(x.sent_index, x.start, x.source) for x in out] == [
        (0, 2, "person-after-title"),
        (1, 6, "propagated"),
    ]
