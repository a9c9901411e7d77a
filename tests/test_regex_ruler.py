"""The entity rules (kg/data/patterns/entities.zh.jsonl) on hand-segmented sentences.

Word segmentation is given by hand, as pkuseg produces it, so these tests need no model.
Sentences come from the sample page or are written to exercise one rule.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.pipeline.regex_ruler import RegexRuler, expand_macros


def make(ruler, words: list[str]) -> Doc:
    doc = Doc(ruler.nlp.vocab, words=words, spaces=[False] * len(words))
    return ruler(doc)


def ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    "words, expected",
    [
        (
            ["市", "水利局", "局长", "李", "子荣", "深有感触", "地", "说"],
            [("市水利局", "GOV_ORG"), ("局长", "TITLE"), ("李子荣", "PERSON")],
        ),
        (
            ["市", "生态", "环境局", "水", "生态", "保护科", "科长", "高建峰", "说"],
            [
                ("市生态环境局", "GOV_ORG"),
                ("水生态保护科", "GOV_ORG"),
                ("科长", "TITLE"),
                ("高建峰", "PERSON"),
            ],
        ),
        (["获", "省", "市场", "监督", "管理局", "批准"], [("省市场监督管理局", "GOV_ORG")]),
        (
            ["省政协", "副主席", "、", "市委", "书记", "李", "正印"],
            [
                ("省政协", "GOV_ORG"),
                ("副主席", "TITLE"),
                ("市委", "GOV_ORG"),
                ("书记", "TITLE"),
                ("李正印", "PERSON"),
            ],
        ),
        # written: a county department and a central body
        (["县", "教育局", "和", "国务院", "联合", "发文"], [("县教育局", "GOV_ORG"), ("国务院", "GOV_ORG")]),
    ],
)
def test_rules_gov_org_title_person(ruler, words, expected):
    assert ents(make(ruler, words)) == expected


def test_rules_title_chain_is_one_title(ruler):
    doc = make(ruler, ["市", "规划", "自然", "资源局", "党组", "书记", "、", "局长", "卫海平", "说"])
    assert ("党组书记、局长", "TITLE") in ents(doc)
    assert ("卫海平", "PERSON") in ents(doc)


def test_rules_person_must_end_at_word_end(ruler):
    # 李|子荣: the name is 李子荣; a two-character 李子 would end inside the word 子荣
    doc = make(ruler, ["局长", "李", "子荣", "深有感触"])
    assert ("李子荣", "PERSON") in ents(doc)
    doc = make(ruler, ["局长", "李子荣深", "有"])
    assert not [e for e in doc.ents if e.label_ == "PERSON"]


@pytest.mark.parametrize(
    "words, expected",
    [
        (["有助于", "鹏飞", "集团", "率先"], [("鹏飞集团", "COMPANY")]),
        (["而", "孝义", "鹏飞", "集团", "则", "是"], [("孝义鹏飞集团", "COMPANY")]),
        (["离石", "电缆", "有限公司", "是", "一", "家"], [("离石电缆有限公司", "COMPANY")]),
        (["该", "公司", "已经"], []),
        (["与", "上海", "电缆", "工程", "设计", "研究所", "等"], [("上海电缆工程设计研究所", "ORG")]),
        # 为 inside 华为 is not the preposition 为
        (["华为", "公司", "成立"], [("华为公司", "COMPANY")]),
    ],
)
def test_rules_company_and_org(ruler, words, expected):
    assert ents(make(ruler, words)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("在第四届山西（汾阳·杏花村）世界酒文化博览会开幕", "第四届山西（汾阳·杏花村）世界酒文化博览会"),
        ("举办首届吕梁文学季", "首届吕梁文学季"),
        ("举办煤焦化工产业绿色发展研讨会，签约", "煤焦化工产业绿色发展研讨会"),
        ("召开的市委四届十次全体会议暨市委经济工作会议上", "市委四届十次全体会议暨市委经济工作会议"),
        ("在第十二届全国人民代表大会上", "第十二届全国人民代表大会"),
    ],
)
def test_rules_events(ruler, text, expected):
    doc = make(ruler, list(text))
    assert expected in [e.text for e in doc.ents if e.label_ == "EVENT"]


def test_rules_event_count_prefix_is_not_part_of_the_name(ruler):
    doc = make(ruler, ["连续", "举办", "四", "届", "大数据", "产业", "发展", "推介会"])
    assert ents(doc) == [("大数据产业发展推介会", "EVENT")]


def test_rules_function_words_are_masked_by_word_not_by_character(ruler):
    # 据 is a preposition only when it is a word of its own
    doc = make(ruler, ["据", "大", "数", "产业", "发展", "推介会"])
    assert ents(doc) == [("大数产业发展推介会", "EVENT")]


@pytest.mark.parametrize("text", ["这是一次重要会议。", "确保会议精神落实", "每年召开动员会部署"])
def test_rules_generic_meetings_are_not_events(ruler, text):
    doc = make(ruler, list(text))
    assert not [e for e in doc.ents if e.label_ == "EVENT"]


def test_rules_project_enumeration_gives_one_entity_per_item(ruler):
    words = "上马 了 100万 吨 甲醇 联产 4亿方LNG 、 30万 吨 合成氨 、 超级 针状 焦 、 碳 微球 等 高端 项目"
    doc = make(ruler, words.split())
    assert [e.text for e in doc.ents if e.label_ == "PROJECT"] == [
        "100万吨甲醇联产4亿方LNG",
        "30万吨合成氨",
        "超级针状焦",
        "碳微球",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("推进全省规模最大的中铝华润一期43万吨轻合金铝项目全面投产", ["中铝华润一期43万吨轻合金铝项目"]),
        ("柳林县铝基新材料产业集聚区还被列为全省首批特色产业集聚区试点", ["柳林县铝基新材料产业集聚区"]),
        ("全力实施生态环保项目建设", []),  # generic: no quantity, phase, quote or place
        ("签约总投资208亿元的16个煤炭转型项目", []),  # a count, not a name
        ("打赢黄河流域治理攻坚战", []),  # 治理 modifies 攻坚战
        ("继续实施“三个100万亩”；", ["三个100万亩"]),
        ("继续实施“十大举措”；", []),
    ],
)
def test_rules_project_heads_need_a_specifier(ruler, text, expected):
    doc = make(ruler, list(text))
    assert [e.text for e in doc.ents if e.label_ == "PROJECT"] == expected


def test_rules_documents_in_title_marks(ruler):
    doc = make(
        ruler, list("由市行政审批局起草制定的《行政审批一窗式服务规范》《政务服务帮（代）办服务规范》获批")
    )
    assert [e.text for e in doc.ents if e.label_ == "DOCUMENT"] == [
        "《行政审批一窗式服务规范》",
        "《政务服务帮（代）办服务规范》",
    ]
    # a book title is not a document
    doc = make(ruler, list("他读了《红楼梦》"))
    assert not doc.ents


def test_rules_overwrite_replaces_overlapping_ner_spans(ruler):
    doc = Doc(ruler.nlp.vocab, words=list("有助于鹏飞集团率先"), spaces=[False] * 9)
    doc.ents = [doc.char_span(0, 7, label="COMPANY")]
    ruler(doc)
    assert ents(doc) == [("鹏飞集团", "COMPANY")]


def test_regex_ruler_splits_tokens_at_entity_edges(ruler):
    doc = make(ruler, ["市", "生态", "环境局水", "生态", "保护科"])
    assert [t.text for t in doc] == ["市", "生态", "环境局", "水", "生态", "保护科"]


def test_regex_ruler_serialization_round_trip(ruler, lexicons, tmp_path):
    # the patterns are the ruler's own data; the lexicons are the pipeline's (kg_lexicons)
    ruler.to_disk(tmp_path / "r")
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["patterns.jsonl"]
    blank = spacy.blank("zh")
    blank.add_pipe("kg_lexicons").initialize(lexicons=lexicons)
    other = blank.add_pipe("kg_regex_ruler", name="other").from_disk(tmp_path / "r")
    assert other.patterns == ruler.patterns
    other2 = blank.add_pipe("kg_regex_ruler", name="other2").from_bytes(ruler.to_bytes())
    words = ["市", "水利局", "局长", "李", "子荣", "说"]
    assert ents(make(other2, words)) == ents(make(ruler, words))
    # excluding the patterns leaves a ruler's own as they were
    other2.from_bytes(RegexRuler(blank, "empty").to_bytes(), exclude=["patterns"])
    assert other2.patterns == ruler.patterns
    # without kg_lexicons, loading says what is missing
    with pytest.raises(ValueError, match="no kg_lexicons component"):
        RegexRuler(spacy.blank("zh"), "lonely").from_disk(tmp_path / "r")


def test_regex_ruler_bad_patterns_are_reported():
    r = RegexRuler(spacy.blank("zh"), "r")
    with pytest.raises(ValueError, match="lacks"):
        r.add_patterns([{"pattern": "x"}])
    with pytest.raises(ValueError, match="bad regex"):
        r.add_patterns([{"label": "X", "pattern": "(", "id": "broken"}])
    with pytest.raises(ValueError, match="unknown lexicon"):
        expand_macros("{NOPE}", {})


def test_anchored_patterns_match_what_a_full_scan_matches(nlp):
    # an anchor only narrows where a pattern is tried; a reach too short would lose matches
    from kg.reader import read_file, sample_path
    from kg.sentences import split_sentences

    extra = (
        "第四届中国（吕梁）国际酒类博览会暨全省重点项目建设推进会在汾阳举行。"
        "会议审议了县政府关于全县茶叶产业发展情况的报告。"
        "双方签署了青岩镇光伏发电项目合作意向协议。"
        "全面贯彻党的十八届三中全会精神。副市长任丘主持会议。临川新区管委会主任韩立秋出席。"
        "会议结束。（记者 韩立秋 贺云舟）\n"
        "重点项目分别为青岩锂资源综合利用项目、临川特高压风电调相机项目。"
        "县工商联主席韩立秋出席。双方落实“青岩五大项目投资协议”。县人才发展服务中心主任韩立秋出席。"
        "11月12日，青岩市与临川交通投资集团战略合作协议签约仪式举行。九江市浔阳区建设和管理委员会主任"
        "韩立秋、上海市松江区人民法院院长贺云舟、市政府党组成员苗怀瑾、省政府驻上海办事处主任高逸飞、"
        "省人大常委会代表资格审查委员会主任韩云峰、青岩镇党委书记贺兰山出席。会议决定任命苗怀瑾、"
        "贺云舟为委员。市长阿不都热依木·买买提讲话。"
    )
    text = read_file(sample_path()).text + "\n" + extra
    sents = [text[s:e] for s, e in split_sentences(text)]
    for name in ("kg_entity_rules", "kg_place_rules", "kg_nested_rules"):
        ruler = nlp.get_pipe(name)
        anchored = [c for c in ruler._compiled if c[5] is not None]
        for compiled in anchored:
            found = {True: [], False: []}
            for use_anchor in (True, False):
                ruler_one = RegexRuler(nlp, "probe", mask=ruler.mask)
                ruler_one.initialize(lexicons=ruler.lexicons)
                ruler_one._compiled = [compiled if use_anchor else (*compiled[:5], None)]
                for s in sents:
                    doc = nlp.make_doc(s)
                    words = {t.idx: t.text for t in doc}
                    found[use_anchor] += ruler_one.match(ruler_one.masked_text(doc, words), words)
            assert found[True] == found[False], compiled[0]["id"]
            assert found[True] or compiled[0]["id"] in {"gov-office"}, compiled[0]["id"]


def test_anchor_without_reach_is_refused():
    with pytest.raises(ValueError, match="reach"):
        RegexRuler(spacy.blank("zh"), "r").add_patterns([{"label": "X", "pattern": "甲会", "anchor": "会"}])


def test_regex_ruler_gazetteer_automaton_finds_what_the_trie_regex_finds(lexicons):
    # the whole-lexicon pattern runs on an Aho-Corasick automaton; it must give, offset by
    # offset, the longest name the trie regex gives (names overlapping and nested included)
    from kg.pipeline.regex_ruler import GazetteerScanner, Scanner

    names = lexicons["PLACE_NAMES"]
    text = "吕梁市孝义市和汾阳市贾家庄村，山西省太原市小店区与内蒙古自治区呼和浩特市合作，梁山"
    automaton = GazetteerScanner(names)
    regex = Scanner(expand_macros("{PLACE_NAMES}", {"PLACE_NAMES": names}), overlapped=True)
    for pos, endpos in [(0, len(text)), (3, 20)]:
        found = [automaton.span(m) for m in automaton.finditer(text, pos, endpos)]
        assert found == [regex.span(m) for m in regex.finditer(text, pos, endpos)]
    spans = [automaton.span(m) for m in automaton.finditer(text)]
    assert text[slice(*spans[0])] == "吕梁市"  # the longest name at offset 0
    assert any(text[s:e] == "贾家庄村" or text[s:e] == "汾阳市" for s, e in spans)
