"""The learned relation classifier, post chains, document-level resolution and training.

Every sentence here is made up (invented names, generic bodies); docs are built by hand so that
the entities are exactly the ones a test means.
"""

from __future__ import annotations

import json

import numpy
import pytest
import spacy
from spacy.tokens import Doc

import kg.pipeline.factories  # noqa: F401  (registers the factories)
from kg.facts.relations import implied_matches, resolve_relations
from kg.facts.types import DocFacts, Mention, Sentence
from kg.graph.build import build_graph
from kg.pipeline.candidates import Arg, Candidate
from kg.pipeline.relation_model import RelationModel, Slot, implied_body, post_chains
from kg.training.relations import fit, prepare, train

IMPLIED = {"县长": "县政府", "副县长": "县政府", "常务副县长": "县政府", "市长": "市政府"}


def hand_doc(parts: list[tuple[str, str | None]], nested: list[tuple[int, int, str]] = ()) -> Doc:
    """A doc of one token per character; a part with a label is an entity (``nested``: char spans)."""
    nlp = spacy.blank("zh")
    text = "".join(p for p, _ in parts)
    doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    ents, at = [], 0
    for part, label in parts:
        if label:
            ents.append(doc.char_span(at, at + len(part), label=label))
        at += len(part)
    doc.ents = ents
    doc.spans["kg_nested"] = [doc.char_span(s, e, label=lab) for s, e, lab in nested]
    doc._.kg_relations = []
    return doc


def with_lexicons():
    """A blank pipeline whose kg_lexicons holds kg's lexicons (the relation model reads them)."""
    blank = spacy.blank("zh")
    blank.add_pipe("kg_lexicons").initialize()
    return blank


@pytest.fixture(scope="module")
def model():
    m = with_lexicons().add_pipe("kg_relation_model")
    m.initialize()  # the weights shipped in kg/models/relations, the lexicons of kg_lexicons
    return m


def facts(model, doc):
    return {(r.head.text, r.relation, r.tail.text, r.title) for r in model(doc)._.kg_relations}


ATTENDANCE_LIST = [
    ("县委", "GOV_ORG"),
    ("常委", "TITLE"),
    ("、", None),
    ("常务副县长", "TITLE"),
    ("王小明", "PERSON"),
    ("，", None),
    ("副县长", "TITLE"),
    ("韩立秋", "PERSON"),
    ("、", None),
    ("赵明亮", "PERSON"),
    ("出席", None),
    ("签约仪式", "EVENT"),
    ("。", None),
]


def test_relation_model_post_chains_attach_each_title_to_its_body():
    text = "县委常委、常务副县长王小明，副县长韩立秋、赵明亮出席"
    slots = [
        Slot(0, 2, "GOV_ORG", "县委"),
        Slot(2, 4, "TITLE", "常委"),
        Slot(5, 10, "TITLE", "常务副县长"),
        Slot(10, 13, "PERSON", "王小明"),
        Slot(14, 17, "TITLE", "副县长"),
        Slot(17, 20, "PERSON", "韩立秋"),
        Slot(21, 24, "PERSON", "赵明亮"),
    ]
    posts = {
        (slots[p.person].text, p.implied or slots[p.body].text, text[slice(*p.title)])
        for p in post_chains(text, slots, IMPLIED)
    }
    assert posts == {
        ("王小明", "县委", "常委"),
        ("王小明", "县政府", "常务副县长"),
        ("韩立秋", "县政府", "副县长"),
        ("赵明亮", "县政府", "副县长"),
    }


def test_relation_model_implied_bodies_and_their_names():
    assert implied_body("代理县长", IMPLIED) == "县政府"
    assert implied_body("董事长", IMPLIED) is None
    assert implied_matches("县政府", "青山县人民政府") and not implied_matches("县政府", "县委")


def test_relation_model_reads_posts_and_attendance_lists(model):
    found = facts(model, hand_doc(ATTENDANCE_LIST))
    assert ("王小明", "HOLDS_POSITION", "县委", "常委") in found
    assert ("王小明", "HOLDS_POSITION", "县政府", "常务副县长") in found
    assert ("韩立秋", "HOLDS_POSITION", "县政府", "副县长") in found
    for name in ("王小明", "韩立秋", "赵明亮"):
        assert (name, "ATTENDED", "签约仪式", None) in found
    # a post is never given to the body of the name before
    assert ("韩立秋", "HOLDS_POSITION", "县委", "常委") not in found


def test_relation_model_unnamed_meeting_is_a_slot_for_the_document_event(model):
    doc = hand_doc(
        [
            ("县政协", "GOV_ORG"),
            ("主席", "TITLE"),
            ("孙一凡", "PERSON"),
            ("主持会议", None),
            ("。", None),
        ]
    )
    found = facts(model, doc)
    assert ("孙一凡", "HOLDS_POSITION", "县政协", "主席") in found
    assert any(h == "孙一凡" and rel == "ATTENDED" and t == "会议" for h, rel, t, _ in found), found


def test_relation_model_reads_facts_off_names(model):
    doc = hand_doc(
        [("青山矿业有限公司", "COMPANY"), ("将", None), ("扩大", None), ("生产", None), ("。", None)],
        [(0, 2, "PLACE")],
    )
    assert ("青山矿业有限公司", "LOCATED_IN", "青山", None) in facts(model, doc)


def test_relation_model_round_trips_bytes_and_disk(model, tmp_path):
    data = model.to_bytes()
    nlp = with_lexicons()
    again = RelationModel(nlp, "again").from_bytes(data)
    assert again.to_bytes() == data
    model.to_disk(tmp_path / "m")
    assert [p.name for p in (tmp_path / "m").iterdir()] == ["model.msgpack"]  # no lexicons
    back = RelationModel(nlp, "back").from_disk(tmp_path / "m")
    assert back.thresholds == model.thresholds and back.lexicons == model.lexicons
    untouched = RelationModel(nlp, "untouched")
    untouched.from_bytes(data, exclude=["model"])
    assert untouched.weights == {}
    doc = hand_doc(ATTENDANCE_LIST)
    assert facts(back, doc) == facts(model, hand_doc(ATTENDANCE_LIST))


def test_relation_model_without_weights_leaves_the_frames_alone():
    empty = RelationModel(None, "empty")
    doc = hand_doc(ATTENDANCE_LIST)
    doc._.kg_relations = [Candidate("X", Arg(0, 1, "A", "a"), Arg(1, 2, "B", "b"))]
    assert empty(doc)._.kg_relations == doc._.kg_relations


def _sentence(text: str, index: int = 0, start: int = 0) -> Sentence:
    return Sentence("d", index, start, start + len(text), text, start, start + len(text))


def _mention(text: str, label: str, sent: Sentence, at: int) -> Mention:
    s = sent.start + at
    return Mention(text, label, "d", sent.index, s, s + len(text), s, s + len(text))


def test_relation_resolution_implied_body_is_the_documents_or_the_persons_post():
    s0 = _sentence("市长周一鸣出席。")
    person = _mention("周一鸣", "PERSON", s0, 2)
    raw = [(0, Candidate("HOLDS_POSITION", Arg(2, 5, "PERSON", "周一鸣"), Arg.implied("市政府")))]
    # the document names no 市政府: the post is the person's own (an implied mention), which
    # the graph keeps in the person's posts, with no node for the body and no edge
    (alone,) = resolve_relations([s0], [person], raw)
    assert (alone.tail.text, alone.tail.start, alone.tail.source) == ("市政府", -1, "implied")
    G = build_graph([DocFacts("d", "h", [s0], [person], [alone])])
    assert [d["label"] for _, d in G.nodes(data=True)] == ["周一鸣"] and G.number_of_edges() == 0
    assert [(p["title"], p["body"]) for p in G.nodes["PERSON:周一鸣"]["posts"]] == [("", "市政府")]
    # the document names 市人民政府: the post is an edge to it
    s1 = _sentence("市人民政府与蓝湾集团签约。", 1, len(s0.text))
    body = _mention("市人民政府", "GOV_ORG", s1, 0)
    (r,) = [r for r in resolve_relations([s0, s1], [person, body], raw) if r.relation == "HOLDS_POSITION"]
    assert r.tail == body


def test_relation_resolution_unnamed_meeting_is_the_article_event():
    s0 = _sentence("青山县召开第五次全体会议。")
    s1 = _sentence("县领导周一鸣出席会议。", 1, len(s0.text))
    event = _mention("第五次全体会议", "EVENT", s0, 5)
    person = _mention("周一鸣", "PERSON", s1, 3)
    raw = [(1, Candidate("ATTENDED", Arg(3, 6, "PERSON", "周一鸣"), Arg(8, 10, "EVENT", "会议")))]
    (r,) = resolve_relations([s0, s1], [event, person], raw)
    assert (r.head, r.relation, r.tail) == (person, "ATTENDED", event)


def test_relation_training_fit_learns_a_separable_relation():
    feats = [["HOLDS_POSITION|good"]] * 10 + [["HOLDS_POSITION|bad"]] * 10
    labels = [1] * 10 + [0] * 10
    weights = fit({"HOLDS_POSITION": (feats, labels)})
    m = RelationModel(None, "m")
    m.initialize(weights=weights, lexicons={})
    assert (
        m.score("HOLDS_POSITION", ["HOLDS_POSITION|good"])
        > 0.5
        > m.score("HOLDS_POSITION", ["HOLDS_POSITION|bad"])
    )
    assert numpy.all(numpy.diff(m.weights["HOLDS_POSITION"][0]) > 0)  # sparse, sorted bucket indexes


def test_relation_training_on_a_gold_set_predicts_its_facts(nlp, tmp_path):
    text = "蓝湾集团董事长钱多多表示，将与绿野公司加强交流。绿野公司总经理孙小小说，蓝湾集团是老朋友。"
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(text, encoding="utf-8")
    gold = {
        "doc": "a.txt",
        "entities": [
            {"text": "蓝湾集团", "type": "COMPANY", "aliases": []},
            {"text": "钱多多", "type": "PERSON", "aliases": []},
            {"text": "绿野公司", "type": "COMPANY", "aliases": []},
            {"text": "孙小小", "type": "PERSON", "aliases": []},
        ],
        "relations": [
            {
                "head": "钱多多",
                "type": "HOLDS_POSITION",
                "tail": "蓝湾集团",
                "title": "董事长",
                "evidence": "蓝湾集团董事长钱多多表示，将与绿野公司加强交流。",
            },
            {
                "head": "孙小小",
                "type": "HOLDS_POSITION",
                "tail": "绿野公司",
                "title": "总经理",
                "evidence": "绿野公司总经理孙小小说，蓝湾集团是老朋友。",
            },
        ],
    }
    (tmp_path / "gold" / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    prepared = prepare(tmp_path, nlp, entities="gold")
    assert [len(p.docs) for p in prepared] == [2]
    trained = train(prepared * 3, nlp)
    assert "HOLDS_POSITION" in trained.weights
    found = set()
    for doc in prepared[0].docs:
        doc._.kg_relations = []
        found |= facts(trained, doc)
    assert {
        ("钱多多", "HOLDS_POSITION", "蓝湾集团", "董事长"),
        ("孙小小", "HOLDS_POSITION", "绿野公司", "总经理"),
    } <= found


def test_relation_resolution_an_address_locates_each_division_in_the_one_before():
    s0 = _sentence("浙江省湖州市安吉县新建一座蓝湾公园。")
    ms = [
        _mention("浙江省", "PLACE", s0, 0),
        _mention("湖州市", "PLACE", s0, 3),
        _mention("安吉县", "PLACE", s0, 6),
    ]
    found = {(r.head.text, r.relation, r.tail.text) for r in resolve_relations([s0], ms, [])}
    assert found == {("湖州市", "LOCATED_IN", "浙江省"), ("安吉县", "LOCATED_IN", "湖州市")}
