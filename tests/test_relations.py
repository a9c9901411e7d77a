"""Relation frames on real sentences, anaphora, locality, provenance and the exports."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest

from kg.builder import build
from kg.reader import read_file, sample_path


def rels(nlp, text):
    return {(r.head.text, r.relation, r.tail.text, r.title) for r in nlp(text)._.kg_relations}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("市水利局局长李子荣深有感触地说", {("李子荣", "HOLDS_POSITION", "市水利局", "局长")}),
        (
            "市规划自然资源局党组书记、局长卫海平说",
            {("卫海平", "HOLDS_POSITION", "市规划自然资源局", "党组书记、局长")},
        ),
        (
            "省政协副主席、市委书记李正印在第四届山西（汾阳·杏花村）世界酒文化博览会开幕致辞时表示。",
            {
                ("李正印", "HOLDS_POSITION", "省政协", "副主席"),
                ("李正印", "HOLDS_POSITION", "市委", "书记"),
                ("李正印", "SPOKE_AT", "第四届山西（汾阳·杏花村）世界酒文化博览会", None),
            },
        ),
        (
            "市生态环境局水生态保护科科长高建峰说",
            {
                ("高建峰", "HOLDS_POSITION", "水生态保护科", "科长"),
                ("水生态保护科", "PART_OF", "市生态环境局", None),
            },
        ),
        ("鹏飞集团董事局主席兼总裁郑鹏介绍说", {("郑鹏", "HOLDS_POSITION", "鹏飞集团", "董事局主席兼总裁")}),
        (
            "2020年8月18日，在第四届吕梁大数据产业发展大会上，省委书记楼阳生亲临现场并在讲话中给予充分肯定。",
            {
                ("楼阳生", "HOLDS_POSITION", "省委", "书记"),
                ("楼阳生", "SPOKE_AT", "第四届吕梁大数据产业发展大会", None),
            },
        ),
        (
            "由市行政审批局起草制定的《行政审批一窗式服务规范》获省市场监督管理局批准发布。",
            {
                ("市行政审批局", "ISSUED", "《行政审批一窗式服务规范》", None),
                ("省市场监督管理局", "APPROVED", "《行政审批一窗式服务规范》", None),
            },
        ),
        (
            "中国联通与鹏飞集团进行5G应用方面的全方位合作。",
            {("中国联通", "COOPERATES_WITH", "鹏飞集团", None)},
        ),
        # written: a list of officials separated by ，; a bare title names its body
        (
            "省委书记胡富国，省长孙文盛，省人大常委会主任卢功勋参加了会议。",
            {
                ("胡富国", "HOLDS_POSITION", "省委", "书记"),
                ("孙文盛", "HOLDS_POSITION", "省政府", "省长"),
                ("卢功勋", "HOLDS_POSITION", "省人大常委会", "主任"),
            },
        ),
        ("江苏省常务副省长季允石讲话。", {("季允石", "HOLDS_POSITION", "江苏省政府", "常务副省长")}),
        (
            "国务院副总理吴邦国出席了今天的开工典礼并发表讲话。",
            {
                ("吴邦国", "HOLDS_POSITION", "国务院", "副总理"),
                ("吴邦国", "ATTENDED", "开工典礼", None),
                ("吴邦国", "SPOKE_AT", "开工典礼", None),
            },
        ),
    ],
)
def test_relation_frames_on_real_sentences(nlp, text, expected):
    found = rels(nlp, text)
    assert expected <= found, found


def test_relation_quotes_and_rhetoric_make_no_facts(nlp):
    assert rels(nlp, "“绿水青山就是金山银山，我们要久久为功。”") == set()


@pytest.fixture(scope="module")
def sample(nlp, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    return build(None, out, nlp=nlp), out


def _edges(G, relation):
    lab = nx.get_node_attributes(G, "label")
    return {(lab[u], lab[v]) for u, v, k in G.edges(keys=True) if k == relation}


def test_relation_anaphora_gives_the_projects_to_the_company_named_before(sample):
    (result, _) = sample
    runs = _edges(result.graph, "RUNS_PROJECT")
    company = {u for u, _ in runs if "鹏飞集团" in u}
    assert company, runs
    owner = company.pop()
    for p in ("100万吨甲醇联产4亿方LNG", "30万吨合成氨", "碳微球"):
        assert (owner, p) in runs
    coop = _edges(result.graph, "COOPERATES_WITH")
    assert ("上海电缆工程设计研究所", "离石电缆有限公司") in coop or (
        "离石电缆有限公司",
        "上海电缆工程设计研究所",
    ) in coop


def test_relation_names_give_places_and_owners(sample):
    (result, _) = sample
    located = _edges(result.graph, "LOCATED_IN")
    assert ("孝义鹏飞集团", "孝义") in located
    assert ("交城中西部大数据中心", "交城") in located
    assert ("华为", "华为山西（吕梁）大数据中心") in _edges(result.graph, "RUNS_PROJECT")
    assert ("鹏飞焦化厂", "孝义鹏飞集团") in _edges(result.graph, "PART_OF")


def test_relation_provenance_offsets_point_into_the_original_file(sample):
    (result, out) = sample
    raw = read_file(sample_path()).raw
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    checked = 0
    for link in data["links"]:
        for st in link.get("provenance", []):
            assert re.sub(r"\s", "", raw[st["start"] : st["end"]]) == re.sub(r"\s", "", st["sentence"])
            checked += 1
    assert checked > 20


def test_relation_dates_are_iso(sample):
    (result, _) = sample
    dates = {d["date"] for _, _, d in result.graph.edges(data=True) if d.get("date")}
    assert "2020-08-18" in dates and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)


def test_relation_csv_exports_have_neo4j_headers(sample):
    (_, out) = sample
    with open(out / "relations.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {":START_ID", ":END_ID", ":TYPE", "weight:int"} <= set(rows[0])
    with open(out / "evidence.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) >= len([r for r in rows if r[":TYPE"] != "MENTIONED_WITH"])


def test_resolution_two_cities_keep_their_bureaus_apart(nlp, tmp_path):
    (tmp_path / "lvliang.txt").write_text(
        "吕梁市孝义市召开会议。市水利局局长李子荣说，吕梁市水利局将加快建设。", encoding="utf-8"
    )
    (tmp_path / "taiyuan.txt").write_text(
        "太原市召开会议。市水利局局长王强说，太原市清徐县要加快建设。", encoding="utf-8"
    )
    G = build([tmp_path / "lvliang.txt", tmp_path / "taiyuan.txt"], None, nlp=nlp).graph
    bureaus = {n for n, d in G.nodes(data=True) if d["type"] == "GOV_ORG" and "水利局" in d["label"]}
    assert bureaus == {"GOV_ORG:吕梁市水利局", "GOV_ORG:太原市水利局"}
    lv = G.nodes["GOV_ORG:吕梁市水利局"]
    assert "市水利局" in lv["aliases"].split("|")


def test_resolution_same_name_same_type_merges_across_documents(nlp, tmp_path):
    (tmp_path / "a.txt").write_text("鹏飞集团董事局主席兼总裁郑鹏介绍说，鹏飞集团在孝义。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("中国联通与鹏飞集团签署合作协议。", encoding="utf-8")
    G = build([tmp_path / "a.txt", tmp_path / "b.txt"], None, nlp=nlp).graph
    node = next(n for n, d in G.nodes(data=True) if d["label"] == "鹏飞集团")
    assert G.nodes[node]["docs"] == "a|b"


def test_relation_investment_carries_its_amount(nlp):
    G = build_text(nlp, "市财政局投资3000万元建设纺织再就业服务中心一期工程。")
    edges = [d for *_, k, d in G.edges(keys=True, data=True) if k == "INVESTS_IN"]
    assert edges and edges[0]["amount"] == "3000万元"


def build_text(nlp, text):
    from kg.builder import build_documents
    from kg.reader import read_text

    return build_documents([read_text(text, "t")], nlp=nlp).graph


def test_a_company_is_located_by_the_division_its_name_opens_with():
    # a registered name opens with its division, even the province or the paper's own city;
    # a meeting named with the paper's province or city says nothing new
    from kg.facts.locality import locality_of
    from kg.facts.relations import name_relations
    from kg.facts.types import Mention, Sentence

    text = "山西苍岭风电设备制造有限公司出席青岩市推介会"
    sent = Sentence("d", 0, 0, len(text), text, 0, len(text))

    def m(name, label):
        at = text.index(name)
        return Mention(name, label, "d", 0, at, at + len(name), at, at + len(name))

    mentions = [
        m("山西苍岭风电设备制造有限公司", "COMPANY"),
        m("山西", "PLACE"),
        m("青岩市推介会", "EVENT"),
        m("青岩市", "PLACE"),
    ]
    locality = locality_of(["山西", "青岩市"])
    facts = name_relations([sent], mentions, {}, locality, frozenset({"LOCATED_IN"}))
    assert {(r.head.text, r.tail.text) for r in facts} == {("山西苍岭风电设备制造有限公司", "山西")}


def test_a_body_that_signs_with_each_of_a_list_cooperates_with_each(nlp):
    found = rels(nlp, "青岩县人民政府分别与临川集团、苍岭科技有限公司、贺兰食品有限公司签订合作协议。")
    partners = {t for h, r, t, _ in found if r == "COOPERATES_WITH" and h == "青岩县人民政府"}
    assert partners == {"临川集团", "苍岭科技有限公司", "贺兰食品有限公司"}
