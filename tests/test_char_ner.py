"""The character NER wrapper: features, token splitting, the shipped model."""

from __future__ import annotations

import numpy
import spacy
from spacy.tokens import Doc

from kg.pipeline.char_ner import CharNER, align_to_tokens, bies, char_doc, decode_biluo, doc_words


def test_char_ner_bies_tags_positions_in_words():
    assert bies(["市", "水利局", "局长"]) == ["S", "B", "I", "E", "B", "E"]


def test_char_ner_char_doc_carries_word_features():
    d = char_doc(spacy.blank("zh").vocab, ["李成说", "，"])
    assert [t.text for t in d] == ["李", "成", "说", "，"]
    assert [t.lemma_ for t in d] == ["李成说", "李成说", "李成说", "，"]
    assert [t.tag_ for t in d] == ["B", "I", "E", "S"]
    assert [t.norm_ for t in d] == ["B", "I", "E", "S"]


TAGS = ("O", "B-PERSON", "I-PERSON", "L-PERSON", "U-PERSON", "B-PLACE", "L-PLACE", "U-PLACE")


def scores_for(best: list[str], runner_up: list[str] | None = None) -> numpy.ndarray:
    """Scores where each character's tag in ``best`` scores 5 and in ``runner_up`` 4."""
    s = numpy.zeros((len(best), len(TAGS)))
    for i, t in enumerate(best):
        s[i, TAGS.index(t)] = 5.0
        if runner_up:
            s[i, TAGS.index(runner_up[i])] = 4.0
    return s


def test_char_ner_decode_keeps_a_valid_best_sequence():
    best = ["U-PLACE", "O", "B-PERSON", "I-PERSON", "L-PERSON", "O"]
    assert decode_biluo(scores_for(best), TAGS) == [(0, 1, "PLACE"), (2, 5, "PERSON")]


def test_char_ner_decode_repairs_an_invalid_sequence_with_the_constraints():
    # the best tag of each character gives B-PERSON then L-PLACE: no valid entity; the
    # best valid sequence uses the runner-up L-PERSON
    best = ["O", "B-PERSON", "L-PLACE", "O"]
    runner = ["B-PLACE", "U-PERSON", "L-PERSON", "U-PLACE"]
    assert decode_biluo(scores_for(best, runner), TAGS) == [(1, 3, "PERSON")]
    # an entity left open at the end of the sentence is closed or dropped, never half-made
    spans = decode_biluo(scores_for(["O", "B-PERSON"], ["U-PLACE", "U-PERSON"]), TAGS)
    assert spans == [(1, 2, "PERSON")]


def test_char_ner_align_splits_a_word_at_entity_edges():
    # pkuseg glues the name and the verb: 李成说 is one word
    vocab = spacy.blank("zh").vocab
    doc = Doc(vocab, words=["研究部", "主任", "李成说", "，"], spaces=[False] * 4)
    spans = align_to_tokens(doc, [(5, 7, "PERSON")])
    assert [t.text for t in doc] == ["研究部", "主任", "李成", "说", "，"]
    assert [(s.text, s.label_) for s in spans] == [("李成", "PERSON")]


def test_char_ner_doc_words_keep_whitespace_as_words():
    doc = Doc(spacy.blank("zh").vocab, words=["New", "York", "市"], spaces=[True, False, False])
    assert doc_words(doc) == ["New", " ", "York", "市"]


def test_char_ner_shipped_model_finds_names_glued_to_verbs(nlp):
    ner: CharNER = nlp.get_pipe("kg_char_ner")
    spans = ner.predict_spans(nlp.make_doc("市水利局局长李子荣深有感触地说"))
    assert (6, 9, "PERSON") in spans


def test_char_ner_accurate_model_is_the_transition_based_one():
    from kg.pipeline.assemble import load_pipeline

    acc = load_pipeline(accurate=True)
    ner: CharNER = acc.get_pipe("kg_char_ner")
    assert ner.inner.pipe_names == ["ner"]
    assert (6, 9, "PERSON") in ner.predict_spans(acc.make_doc("市水利局局长李子荣深有感触地说"))


def test_char_ner_disk_round_trip(nlp, tmp_path):
    ner: CharNER = nlp.get_pipe("kg_char_ner")
    ner.to_disk(tmp_path / "ner")
    other = CharNER(spacy.blank("zh"), "copy").from_disk(tmp_path / "ner")
    doc = nlp.make_doc("鹏飞集团董事局主席兼总裁郑鹏介绍说")
    assert other.predict_spans(doc) == ner.predict_spans(doc)
