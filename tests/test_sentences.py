from kg.sentences import split_sentences


def test_sentences_keep_closing_quotes_with_their_sentence():
    t = "“这次全会提出要坚持四治一体推进。”市生态环境保护局局长刘玉云表示。"
    assert [t[s:e] for s, e in split_sentences(t)] == [
        "“这次全会提出要坚持四治一体推进。”",
        "市生态环境保护局局长刘玉云表示。",
    ]


def test_sentences_split_at_paragraph_breaks_and_drop_blank_ones():
    t = "标题\n\n正文第一句；第二句\n"
    assert [t[s:e] for s, e in split_sentences(t)] == ["标题", "正文第一句；", "第二句"]


def test_sentences_bound_a_run_without_punctuation():
    t = "很长" * 3000
    spans = split_sentences(t, max_chars=1000)
    assert max(e - s for s, e in spans) <= 1000
    assert "".join(t[s:e] for s, e in spans) == t
