"""A page laid out in pieces: text, offsets and articles of a file of any length."""

from __future__ import annotations

from array import array
from collections.abc import Collection
from dataclasses import replace

from kg.reader.articles import article_of, find_units, pair_units, segments_of
from kg.reader.document import Article, Document
from kg.reader.layout import join_paragraphs, paragraphs_of, render_para

# Layout works on per-character cells (a tuple and an int per character); a file is laid
# out this many characters at a time, cut at a paragraph break, so that reading a 10 MB
# file holds the cells of one piece, not of the whole file.
READ_CHUNK = 1_000_000


def _raw_pieces(raw: str, size: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``raw`` of about ``size`` (:data:`READ_CHUNK`) characters.

    Each piece but the last ends after a line break.

    A blank line within ``size // 4`` characters after the mark is preferred (a paragraph
    break for sure); else the next line break. Text without a line break stays whole.

    Examples
    --------
    >>> _raw_pieces("01234567\\n\\nab\\ncd", size=8)
    [(0, 10), (10, 15)]
    >>> _raw_pieces("0123456789\\nab", size=4)
    [(0, 11), (11, 13)]
    >>> _raw_pieces("abcdef", size=2)
    [(0, 6)]
    """
    size = READ_CHUNK if size is None else size
    pieces = []
    start = 0
    while len(raw) - start > size:
        mark = start + size
        cut = raw.find("\n\n", mark, mark + size // 4 + 2)
        cut = cut + 2 if cut >= 0 else raw.find("\n", mark) + 1
        if cut <= 0:
            break
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(raw)))
    return pieces


def _lay_out(raw: str, heads: Collection[int] = ()) -> tuple[str, list[int], list[Article]]:
    """Text, offsets into ``raw`` and articles of one piece of a page."""
    paras = paragraphs_of(raw, heads)
    units = find_units(paras)
    parts = []
    for para in paras:
        if para.kind == "byline":
            parts.append((para, [], []))
            continue
        skip = para.dateline.end if para.dateline is not None else -1
        chars, offs = render_para(para, skip)
        parts.append((para, chars, offs))
    text, offsets = join_paragraphs(parts)
    segments = segments_of(paras)
    orphans = pair_units(units, segments)
    articles = [article_of(seg, seg.unit, text) for seg in segments]
    articles += [article_of(None, unit, text) for unit in orphans]
    if not articles:
        articles = [Article("", "", [], text, 0, len(text))]
    articles.sort(key=lambda a: (a.start, a.end))
    return text, offsets, articles


def document_of(
    raw: str, doc_id: str, path: str | None, encoding: str, heads: Collection[int] = ()
) -> Document:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    texts: list[str] = []
    offsets = array("I")
    articles: list[Article] = []
    size = 0
    for start, end in _raw_pieces(raw):
        text, offs, arts = _lay_out(raw[start:end], {h - start for h in heads if start <= h < end})
        if not text.strip():
            continue
        if texts:  # pieces meet at a paragraph break
            texts.append("\n")
            offsets.append(start - 1)
            size += 1
        texts.append(text)
        offsets.extend(o + start for o in offs)
        articles += [replace(a, start=a.start + size, end=a.end + size) for a in arts]
        size += len(text)
    text = "".join(texts)
    if not articles:
        articles = [Article("", "", [], text, 0, len(text))]
    return Document(doc_id, path, encoding, raw, text, offsets, articles)
