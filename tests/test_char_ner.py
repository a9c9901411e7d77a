"""The character NER wrapper: features, token splitting, the shipped model."""

from __future__ import annotations

import itertools

import numpy
import spacy
from spacy.tokens import Doc

from kg.pipeline.char_ner import (
    CharNER,
    bies,
    biluo_constraints,
    char_doc,
    decode_biluo,
    decode_biluo_batch,
)
from kg.pipeline.tokens import align_to_tokens, doc_text, doc_words


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


def _best_valid_by_brute_force(scores: numpy.ndarray) -> list[tuple[int, int, str]]:
    """The spans of the highest-scoring valid BILUO sequence, trying every sequence."""
    first, allowed, last = biluo_constraints(TAGS)
    logp = scores - numpy.log(numpy.exp(scores).sum(axis=1, keepdims=True))
    best, best_score = None, -numpy.inf
    for seq in itertools.product(range(len(TAGS)), repeat=len(scores)):
        if not (first[seq[0]] and last[seq[-1]] and all(allowed[a, b] for a, b in itertools.pairwise(seq))):
            continue
        total = sum(logp[i, t] for i, t in enumerate(seq))
        if total > best_score:
            best, best_score = seq, total
    spans, start = [], 0
    for i, t in enumerate(best):
        if TAGS[t][0] in "BU":
            start = i
        if TAGS[t][0] in "LU":
            spans.append((start, i + 1, TAGS[t][2:]))
    return spans


def test_char_ner_batch_decode_finds_the_best_valid_sequence_of_each_sentence():
    # random scores make most best-tag sequences invalid, so Viterbi runs on sequences
    # of different lengths stepped together; each must match an exhaustive search
    rng = numpy.random.default_rng(7)
    batch = [rng.normal(0, 2, (n, len(TAGS))) for n in (1, 4, 0, 2, 3, 4, 1)]
    assert decode_biluo_batch(batch, TAGS) == [_best_valid_by_brute_force(s) if len(s) else [] for s in batch]
    assert decode_biluo_batch([], TAGS) == []


def test_char_ner_align_splits_a_word_at_entity_edges():
    # pkuseg glues the name and the verb: 李成说 is one word
    vocab = spacy.blank("zh").vocab
    doc = Doc(vocab, words=["研究部", "主任", "李成说", "，"], spaces=[False] * 4)
    spans = align_to_tokens(doc, [(5, 7, "PERSON")])
    assert [t.text for t in doc] == ["研究部", "主任", "李成", "说", "，"]
    assert [(s.text, s.label_) for s in spans] == [("李成", "PERSON")]


def test_char_ner_align_cuts_one_word_in_three_and_keeps_the_text():
    vocab = spacy.blank("zh").vocab
    doc = Doc(vocab, words=["孟广川在离石区", "调研"], spaces=[True, False])
    assert doc_text(doc) == "孟广川在离石区 调研"
    spans = align_to_tokens(doc, [(0, 3, "PERSON"), (4, 7, "PLACE")])
    assert [t.text for t in doc] == ["孟广川", "在", "离石区", "调研"]
    assert [(s.text, s.label_) for s in spans] == [("孟广川", "PERSON"), ("离石区", "PLACE")]
    assert doc.text == doc_text(doc) == "孟广川在离石区 调研"


def test_char_ner_word_embeddings_give_the_scores_of_character_docs(nlp):
    # the embeddings kept per word must score exactly as the tagger over character docs
    ner = nlp.get_pipe("kg_char_ner")
    texts = ["吕梁市委书记孟广川在离石区调研鹏飞集团。", "", "  ", "Hello 世界 2026年", "局长李子荣说"]
    docs = [nlp.make_doc(t) for t in texts]
    model = ner.inner.get_pipe("tagger").model
    reference = model.predict([char_doc(ner.inner.vocab, doc_words(d)) for d in docs])
    for _ in range(2):  # once filling the cache, once from it
        scores = ner.tag_scores(docs)
        assert [s.shape for s in scores] == [(len(t), len(ner._tags)) for t in texts]
        for got, want in zip(scores, reference, strict=True):
            numpy.testing.assert_allclose(got, model.ops.to_numpy(want), rtol=0, atol=1e-5)


def test_char_ner_doc_words_keep_whitespace_as_words():
    doc = Doc(spacy.blank("zh").vocab, words=["New", "York", "市"], spaces=[True, False, False])
    assert doc_words(doc) == ["New", " ", "York", "市"]


def test_char_ner_shipped_model_finds_names_glued_to_verbs(nlp):
    ner: CharNER = nlp.get_pipe("kg_char_ner")
    spans = ner.predict_spans(nlp.make_doc("市水利局局长李子荣深有感触地说"))
    assert (6, 9, "PERSON") in spans


def test_char_ner_transition_model_is_chosen_by_name():
    from kg.pipeline.assemble import load_pipeline

    acc = load_pipeline(ner="transition")
    ner: CharNER = acc.get_pipe("kg_char_ner")
    assert ner.inner.pipe_names == ["ner"]
    assert (6, 9, "PERSON") in ner.predict_spans(acc.make_doc("市水利局局长李子荣深有感触地说"))


def test_char_ner_disk_and_bytes_round_trip(nlp, tmp_path):
    ner: CharNER = nlp.get_pipe("kg_char_ner")
    ner.to_disk(tmp_path / "ner")
    other = CharNER(spacy.blank("zh"), "copy").from_disk(tmp_path / "ner")
    doc = nlp.make_doc("鹏飞集团董事局主席兼总裁郑鹏介绍说")
    assert other.predict_spans(doc) == ner.predict_spans(doc)
    third = CharNER(spacy.blank("zh"), "copy").from_bytes(ner.to_bytes())
    assert third.predict_spans(doc) == ner.predict_spans(doc)
    # exclude leaves the model as it was
    untouched = CharNER(spacy.blank("zh"), "copy")
    before = untouched.inner
    untouched.from_bytes(ner.to_bytes(), exclude=["inner"])
    untouched.from_disk(tmp_path / "ner", exclude=["inner"])
    assert untouched.inner is before
