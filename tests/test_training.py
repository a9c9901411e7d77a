"""Training kg's NER on a tiny slice, and the corpus readers (small written fixtures)."""

from __future__ import annotations

import json

import pytest

from kg.pipeline.char_ner import CONFIGS
from kg.training.lexicon import common_words, non_name_start_words, tag_counts
from kg.training.ner import read_cluener, read_msra, split_rows, train_ner


def test_training_cluener_labels_are_mapped_and_spans_made_exclusive(tmp_path):
    f = tmp_path / "train.json"
    rec = {
        "text": "浙商银行叶老桂博士说",
        "label": {
            "company": {"浙商银行": [[0, 3]]},
            "name": {"叶老桂": [[4, 6]]},
            "book": {"博士": [[7, 8]]},
        },
    }
    f.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    ((text, spans),) = read_cluener(f)
    assert sorted(spans) == [(0, 4, "COMPANY"), (4, 7, "PERSON")]
    assert text[0:4] == "浙商银行"


def test_training_msra_keeps_sentences_without_org(tmp_path):
    f = tmp_path / "msra.txt"
    f.write_text(
        "江\tB-PER\n泽\tI-PER\n民\tI-PER\n在\tO\n京\tB-LOC\n\n新\tB-ORG\n华\tI-ORG\n社\tI-ORG\n\n",
        encoding="utf-8",
    )
    rows = read_msra(f)
    assert rows == [("江泽民在京", [(0, 3, "PERSON"), (4, 5, "PLACE")])]


def test_training_split_is_deterministic():
    rows = list(range(100))
    assert split_rows(rows) == split_rows(rows)
    train, dev = split_rows(rows)
    assert len(dev) == 10 and not set(train) & set(dev)


def test_training_lexicons_from_tagged_text(tmp_path):
    f = tmp_path / "pd.txt"
    f.write_text(("有助于/v  鹏飞/nz  集团/n  发展/v  ，/w\n" * 25), encoding="utf-8")
    tags = tag_counts(f)
    assert "有助于" in non_name_start_words(tags) and "鹏飞" not in non_name_start_words(tags)
    assert "集团" in common_words(tags) and "鹏飞" not in common_words(tags)


@pytest.mark.slow
def test_training_ner_on_a_tiny_slice(tmp_path):
    data = tmp_path / "data" / "cluener2020"
    data.mkdir(parents=True)
    recs = [
        {
            "text": f"{n}局长李子荣说，鹏飞集团在孝义。",
            "label": {"name": {"李子荣": [[3, 5]]}, "company": {"鹏飞集团": [[9, 12]]}},
        }
        for n in "甲乙丙丁戊己庚辛壬癸" * 3
    ]
    (data / "train.json").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8"
    )
    scores = train_ner(tmp_path / "data", tmp_path / "model", epochs=3, patience=5)
    assert (tmp_path / "model" / "inner" / "tagger").is_dir()
    assert (tmp_path / "model" / "scores.json").exists()
    assert set(scores["per_type"]) <= {"PERSON", "COMPANY"} and scores["dev_examples"] == 3
    # the transition-based model of ``--accurate`` trains from its own config
    train_ner(tmp_path / "data", tmp_path / "acc", epochs=1, patience=5, config=CONFIGS / "char_ner.cfg")
    assert (tmp_path / "acc" / "inner" / "ner").is_dir()


def test_training_tags_the_reference_with_biluo_and_keeps_word_positions(tmp_path):
    import spacy

    from kg.pipeline.char_ner import INNER_CONFIG
    from kg.training.ner import make_examples

    char_nlp = spacy.util.load_model_from_config(spacy.util.load_config(INNER_CONFIG), auto_fill=True)

    class Words:  # a stand-in word tokenizer: 局长 | 李子荣 | 说
        def make_doc(self, text):
            words = ["局长", "李子荣", "说"]
            return spacy.tokens.Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * 3)

    (eg,) = make_examples([("局长李子荣说", [(2, 5, "PERSON")])], Words(), char_nlp)
    assert [t.tag_ for t in eg.reference] == ["O", "O", "B-PERSON", "I-PERSON", "L-PERSON", "O"]
    assert [t.norm_ for t in eg.predicted] == ["B", "E", "B", "I", "E", "S"]


def test_training_missing_data_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="CLUENER training file not found"):
        train_ner(tmp_path, tmp_path / "m")


def test_training_misaligned_share_counts_spans_inside_words():
    import spacy

    from kg.training.ner import misaligned_share

    nlp = spacy.blank("zh")  # character segmentation: nothing is misaligned
    assert misaligned_share([("李成说", [(0, 2, "PERSON")])], nlp) == {"PERSON": 0.0, "all": 0.0}

    class Words:  # a stand-in segmenter that glues the name and the verb, as pkuseg does
        def make_doc(self, text):
            from spacy.tokens import Doc

            return Doc(nlp.vocab, words=["李成说"], spaces=[False])

    assert misaligned_share([("李成说", [(0, 2, "PERSON")])], Words()) == {"PERSON": 1.0, "all": 1.0}


def _local_news(root, n=5):
    """A made-up annotated set in the local-news layout: articles/*.txt beside gold/*.json."""
    (root / "articles").mkdir(parents=True)
    (root / "gold").mkdir()
    for i in range(n):
        text = f"青岩县县长韩立秋出席第{i + 1}届茶文化节。记者苗怀瑾摄"
        (root / "articles" / f"{i}.txt").write_text(text, encoding="utf-8")
        gold = {
            "doc": f"articles/{i}.txt",
            "entities": [
                {"text": "韩立秋", "type": "PERSON"},
                {"text": f"第{i + 1}届茶文化节", "type": "EVENT"},
                {"text": "青岩县", "type": "PLACE"},
            ],
            "relations": [
                {
                    "head": "韩立秋",
                    "type": "HOLDS_POSITION",
                    "tail": "青岩县",
                    "title": "县长",
                    "evidence": f"青岩县县长韩立秋出席第{i + 1}届茶文化节。",
                }
            ],
            "optional": ["苗怀瑾"],
        }
        (root / "gold" / f"{i}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


def test_training_reads_local_news_as_labelled_sentences(tmp_path):
    from kg.training.ner import read_localnews

    _local_news(tmp_path)
    rows = read_localnews(tmp_path)
    assert len(rows) == 10  # two sentences a document
    text, spans, unknown = rows[0]
    assert text == "青岩县县长韩立秋出席第1届茶文化节。"
    assert {(text[s:e], lab) for s, e, lab in spans} == {
        ("青岩县", "PLACE"),
        ("县长", "TITLE"),
        ("韩立秋", "PERSON"),
        ("第1届茶文化节", "EVENT"),
    }
    text, spans, unknown = rows[1]
    assert spans == [] and [text[s:e] for s, e in unknown] == ["苗怀瑾"]  # optional: no tag
    # folds are dealt round-robin by id: fold 0 of five holds document 0 alone
    assert len(read_localnews(tmp_path, skip_fold=0)) == 8
    assert [r[0] for r in read_localnews(tmp_path, only_fold=0)] == [r[0] for r in rows[:2]]


def test_training_leaves_optional_names_untagged(tmp_path):
    import spacy

    from kg.pipeline.char_ner import INNER_CONFIG
    from kg.training.ner import make_examples

    char_nlp = spacy.util.load_model_from_config(spacy.util.load_config(INNER_CONFIG), auto_fill=True)

    class Words:
        def make_doc(self, text):
            return spacy.tokens.Doc(spacy.blank("zh").vocab, words=list(text), spaces=[False] * len(text))

    (eg,) = make_examples([("记者苗怀瑾摄", [], [(2, 5)])], Words(), char_nlp)
    assert [t.tag_ for t in eg.reference] == ["O", "O", "", "", "", "O"]
