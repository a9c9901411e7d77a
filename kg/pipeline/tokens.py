"""Read a Doc's text and token offsets without building a ``Token`` object per token.

``Doc.text`` joins ``Token.text_with_ws`` over a Python loop that makes one ``Token``
object per token; kg's components need the text and the token offsets several times per
sentence, and on 1 MB of news those loops cost more than the rules themselves. These
helpers read the same values from ``Doc.to_array`` and cache the text (kg's components
only split tokens, which never changes the text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy
from spacy.attrs import IDX, LENGTH, ORTH, SPACY
from spacy.tokens import Doc, Span

TEXT_KEY = "kg_text"
RULE_TEXT_KEY = "kg_rule_text"
# ASCII clause punctuation as written in many web copies of Chinese news ("5月8日,县政协…"); a
# comma between two digits is a thousands separator (1,000) and stays
_ASCII_CLAUSE = re.compile(r",(?![0-9])|(?<![0-9]),|[;!?]")
_FULL_WIDTH = {",": "，", ";": "；", "!": "！", "?": "？"}


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc and kept in ``doc.user_data``.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("a b")
    >>> doc_text(doc), doc.user_data["kg_text"]
    ('a b', 'a b')
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = "".join(doc_words(doc))
    return text


def rule_text(doc: Doc) -> str:
    """``doc.text`` as the rules read it: ASCII clause punctuation in its full-width form
    (``,;!?`` → ``，；！？``), so that a pattern's ``[，。；]`` holds for both; offsets are
    unchanged. Cached in ``doc.user_data``.

    Examples
    --------
    >>> import spacy
    >>> rule_text(spacy.blank("zh")("5月8日,投资1,000万元;"))
    '5月8日，投资1,000万元；'
    """
    text = doc.user_data.get(RULE_TEXT_KEY)
    if text is None:
        text = _ASCII_CLAUSE.sub(lambda m: _FULL_WIDTH[m.group()], doc_text(doc))
        doc.user_data[RULE_TEXT_KEY] = text
    return text


def token_texts(doc: Doc) -> dict[int, str]:
    """The text of every token by its character offset.

    Examples
    --------
    >>> import spacy
    >>> token_texts(spacy.blank("en")("a bc"))
    {0: 'a', 2: 'bc'}
    """
    strings = doc.vocab.strings
    return {idx: strings[orth] for idx, orth in doc.to_array([IDX, ORTH]).tolist()}


def doc_words(doc: Doc) -> list[str]:
    """The words of ``doc`` with each token's trailing whitespace as a word of its own.

    Examples
    --------
    >>> import spacy
    >>> doc_words(spacy.blank("en")("a bc"))
    ['a', ' ', 'bc']
    """
    strings = doc.vocab.strings
    words: list[str] = []
    for orth, space in doc.to_array([ORTH, SPACY]).tolist():
        words.append(strings[orth])
        if space:
            words.append(" ")
    return words


def align_to_tokens(
    doc: Doc, char_spans: Iterable[tuple], *, span_ids: Sequence[str] | None = None
) -> list[Span]:
    """Split the tokens of ``doc`` (in place) so that every char span is token-aligned.

    ``char_spans`` holds ``(start, end, label)`` or ``(start, end, label, span_id)``; the id
    (a rule's pattern id) is set as ``Span.id_``. Returns the spans, in document order, as
    :class:`Span` objects of the modified doc. Spans on whitespace only are dropped.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("zh")("局长李子荣说")
    >>> [(s.text, s.label_) for s in align_to_tokens(doc, [(2, 5, "PERSON")])]
    [('李子荣', 'PERSON')]
    """
    spans = sorted({(c[0], c[1], c[2], c[3] if len(c) > 3 else "") for c in char_spans})
    if not spans:
        return []
    cuts = sorted({off for s, e, *_ in spans for off in (s, e)})
    bounds = doc.to_array([IDX, LENGTH]).astype("int64")
    starts = bounds[:, 0]
    ends = starts + bounds[:, 1]
    # the token that holds each cut, and whether the cut falls strictly inside it
    at = numpy.searchsorted(starts, cuts, side="right") - 1
    inside: dict[int, list[int]] = {}
    for cut, i in zip(cuts, at.tolist(), strict=True):
        if i >= 0 and starts[i] < cut < ends[i]:
            inside.setdefault(i, []).append(cut - int(starts[i]))
    if inside:
        with doc.retokenize() as retok:
            for i, offs in inside.items():
                token = doc[i]
                edges = [0, *offs, len(token.text)]
                parts = [token.text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
                retok.split(token, parts, heads=[(token, k) for k in range(len(parts))])
    out = []
    for s, e, label, span_id in spans:
        span = doc.char_span(s, e, label=label, span_id=span_id)
        if span is not None and span.text.strip():
            out.append(span)
    return out
