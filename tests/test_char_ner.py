"""The character NER wrapper: features, token splitting, the shipped model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.pipeline.char_ner import CharNER, align_to_tokens, bies, char_doc, doc_words


def test_char_ner_bies_tags_positions_in_words():
    assert bies(["市", "水利局", "局长"]) == ["S", "B", "I", "E", "B", "E"]


def test_char_ner_char_doc_carries_word_features():
    d = char_doc(spacy.blank("zh").vocab, ["李成说", "，"])
    assert [t.text for t in d] == ["李", "成", "说", "，"]
    assert [t.lemma_ for t in d] == ["李成说", "李成说", "李成说", "，"]
    assert [t.tag_ for t in d] == ["B", "I", "E", "S"]


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


def test_char_ner_disk_round_trip(nlp, tmp_path):
    ner: CharNER = nlp.get_pipe("kg_char_ner")
    ner.to_disk(tmp_path / "ner")
    other = CharNER(spacy.blank("zh"), "copy").from_disk(tmp_path / "ner")
    doc = nlp.make_doc("鹏飞集团董事局主席兼总裁郑鹏介绍说")
    assert other.predict_spans(doc) == ner.predict_spans(doc)
