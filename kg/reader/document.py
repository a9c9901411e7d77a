"""A read page: :class:`Document` (normalised text, offsets into the original) and :class:`Article`."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


@dataclass
class Article:
    """One article of a page.

    Attributes
    ----------
    title : str
        Headline text (kicker, title and subtitle joined), ``""`` when none was found.
    byline : str
        Raw byline string(s), e.g. ``"□ 本报记者 冯凯治"`` or ``"本报讯（记者 罗丽）"``; ``""`` if none.
    reporters : list of str
        Names in the byline, e.g. ``["冯凯治"]``; ``[]`` for ``"□ 本报评论员"``.
    text : str
        Normalised body text (``Document.text[start:end]``).
    start, end : int
        Offsets of the body in ``Document.text``.

    Examples
    --------
    >>> Article("标题", "", [], "正文。", 0, 3).text
    '正文。'
    """

    title: str
    byline: str
    reporters: list[str]
    text: str
    start: int
    end: int


@dataclass
class Document:
    """A decoded, normalised page.

    Attributes
    ----------
    id : str
        Document id (file stem for files).
    path : str or None
        Source path, ``None`` for in-memory input.
    encoding : str
        Detected encoding (``data.decode(encoding)`` gives `raw`), ``"str"`` for `read_text`.
    raw : str
        Decoded original text, BOM removed.
    text : str
        Normalised page text: paragraphs separated by ``"\\n"``, bylines removed, headlines kept as
        their own paragraphs, in the order of the raw text.
    offsets : array of int
        ``offsets[i]`` is the index in `raw` of ``text[i]`` (an ``array("I")``: 4 bytes a
        character where a list of ints takes about 36); an inserted ``"\\n"`` or space maps to the
        raw character it replaces (a line break, a space or a removed jump marker).
    articles : list of Article
        Articles in text order.
    date, source : str or None
        Metadata given with the input (JSON Lines), if any.
    page : int or None
        PDF input: the page number (1-based).
    boxes : array of float or None
        PDF input: ``boxes[4 * i : 4 * i + 4]`` is the box of ``raw[i]`` on the page (x0,
        top, x1, bottom in points from its top left; NaN for line breaks and spaces), see
        `kg.reader.pdf.evidence_boxes`.

    Examples
    --------
    >>> from kg.reader import read_text
    >>> doc = read_text("1月 12日")
    >>> doc.text, doc.offsets.tolist()
    ('1月12日', [0, 1, 3, 4, 5])
    >>> doc.to_original(1, 3), doc.original_text(1, 3)
    ((1, 4), '月 1')
    """

    id: str
    path: str | None
    encoding: str
    raw: str = field(repr=False)
    text: str = field(repr=False)
    offsets: array = field(repr=False)
    articles: list[Article] = field(default_factory=list)
    date: str | None = None  # ISO date given with the input (JSON Lines ``date``), if any
    source: str | None = None  # where the text came from (JSON Lines ``source``, a URL), if any
    # PDF input (kg.reader.pdf): the page number, and x0, top, x1, bottom of each raw character
    page: int | None = None
    boxes: array | None = field(default=None, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` to the span of `raw` it comes from.

        Parameters
        ----------
        start, end : int
            Span in `text` (end exclusive), ``0 <= start <= end <= len(text)``.

        Returns
        -------
        tuple of int
            ``(raw_start, raw_end)``, end exclusive.

        Examples
        --------
        >>> from kg.reader import read_text
        >>> read_text("478.2 亿元").to_original(0, 7)
        (0, 8)
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span ({start}, {end}) outside text of length {len(self.text)}")
        if start == end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        """Return the raw substring behind a span of `text`.

        Examples
        --------
        >>> from kg.reader import read_text
        >>> read_text("以 1 个 百 分 点").original_text(0, 3)
        '以 1 个'
        """
        a, b = self.to_original(start, end)
        return self.raw[a:b]
