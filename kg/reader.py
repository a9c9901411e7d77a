"""Read raw newspaper text (extracted from PDF) and prepare it for NLP.

The input is what a PDF text extractor gives for a Chinese newspaper page: every layout line on its
own line (often with a blank line between layout lines), spaces that the justification put between
characters and inside numbers, page furniture such as ``（下转4版）``, bylines such as
``□ 本报记者 冯凯治`` or ``本报讯（记者 罗丽）``, and several articles one after another.

The reader

1. decodes the bytes (UTF-8 with or without BOM, GB18030/GBK, UTF-16/32 with BOM, BOM-less UTF-16
   recognised by its NUL bytes) and rejects binary or empty input with a one-line `ReaderError`;
2. undoes the layout (`normalise`): layout line breaks inside a paragraph are dropped, paragraph
   breaks are kept as ``"\\n"``, layout spaces are dropped (spaces between two Latin words are kept),
   jump markers and page header/footer lines are removed.  Every character of the result keeps the
   index of the raw character it comes from;
3. recognises headlines (short or over-long lines without final punctuation that start a
   paragraph) and bylines, and splits the page into `Article` objects.

Layout heuristics (measured on the bundled sample: 17.7 kB, 333 non-blank lines)
-------------------------------------------------------------------------------
*Width* of a line = CJK characters count 1, punctuation and ASCII count 0.5 (the PDF sets them
narrow), spaces 0.  The *column width* of a line is the median width of the nearby lines (6 before,
6 after) that do not end a sentence; the *following column width* uses only the 6 lines after it.
Body lines of the sample are within about ±1 of the column width (15 to 17 in the news columns, 22
and 32 in the commentary); a paragraph's first line is about 2 narrower because the extractor drops
the indent; a paragraph's last line is usually shorter.

* A line break after a line ending with ``。！？…`` (optionally followed by closing quotes) is a
  paragraph break when that line is short (< 0.88 x column), or the next line is indented (leading
  space / ideographic space) or narrow (1.5 below the column or below the line after it); otherwise
  the sentence just happened to end at the end of a full line and the paragraph goes on.
* A headline is a line that can start a paragraph, does not end with final or mid-sentence
  punctuation, is not indented, is at most 40 wide, and either stands just before a byline or is off
  both the column width and the following column width (< 0.8 or > 1.25 x).  (The first line of a
  body paragraph has the width of the lines after it, also where a new, wider text block starts.)
  Two headline lines are one paragraph when the second is not wider than the first and (in an
  extraction that puts blank lines between layout lines) no blank line separates them; otherwise they
  are separate paragraphs (kicker, main title, subtitle).
* Text that is not layout-wrapped (median line wider than 45, or half the lines ending a sentence,
  e.g. one paragraph per line) gets a paragraph break after every sentence-final line.
* Bylines are removed from `Document.text` and kept as metadata; `normalise` keeps them.

Article splitting
-----------------
A *header unit* is a run of headline paragraphs together with a standalone byline (or headlines just
before a dateline item, or at the very start, or right after a jump marker).  Body text is cut into
segments at header units, at datelines (``本报讯``, ``新华社北京1月5日电``), after jump markers
(``（下转4版）``) and after signature bylines (a byline right after body text that is followed by
another byline or headline or the end, or a ``评论员`` byline).  A segment that begins with a dateline and
ends with a signature holds two articles; it is cut at the paragraph boundary with the largest change of
line width (a new text block).  Header units are then paired with the segments that have no byline of
their own: in reading order when their numbers match (the extractor may put a title block after its
body, as on the sample page), otherwise with the adjacent segment.  Headlines inside a segment are
subheads and stay in its text.

On the bundled sample (``吕梁日报`` front page) the splitter finds 4 articles, which matches a reading by
hand:

1. title ``深入贯彻落实市委四届十次全会暨市委经济工作会议精神 市委四届十次全体会议暨市委经济工作会议精神
   激励全市广大干部群众——坚持“四治”一体推进 让“吕梁蓝”成为最亮名片``, byline ``□ 本报记者 冯凯治``;
   body ``今年是我市“十四五”转型出雏型开局之年。…`` up to ``…获得感、幸福感和安全感，`` (continued on
   page 4), with the subheads ``实招重拳，全面推进，污染防治攻坚战连战连捷``, ``多措并举，果断决策，夯实生态
   文明基石`` and ``强化执法，深化监管，用心守护一方净土`` (12 paragraphs).  Its title block comes *after*
   the body in the extracted text.
2. title ``扬帆搏浪正当时——全市加快经济转型升级助推高质量发展纪实``, byline ``□ 本报记者 刘少伟``; body
   ``“十三五”以来，…`` up to ``…同比增长9.3%，`` (continued on page 4), subheads
   ``传统产业加速改造质量效益稳步提升`` and ``新兴产业持续壮大多业支撑趋势凸显`` (13 paragraphs).  Its byline
   and title are the last lines of the page.
3. no title (none in the extracted text), byline ``本报讯（记者 罗丽）``; body ``2020年年底，由市行政审批局
   起草制定的…`` up to ``…推动吕梁高质量发展提供了有力支撑。`` (2 paragraphs).
4. no title (none in the extracted text), byline ``□ 本报评论员`` (signature at the end, no names); body
   ``党的领导是做好党和国家各项工作的根本保证，…`` up to ``…以优异成绩迎接建党100周年！`` (7 paragraphs).

Articles 3 and 4 come as one run of text between the dateline and the signature; the cut falls where
the 6-wide lines around a picture end and the 22-wide commentary column begins.  Title paragraphs stay in
`Document.text` where the extractor put them (for articles 1 and 2, after the body), outside the
articles' ``start``/``end`` spans.

Known limits: reporter names are recognised only in bylines, and a name glued to a bare role word
("记者张三" without ``本报`` or a box mark) is not taken as a byline; a headline ending with ``！``/``？`` is
read as body; the full-width last line of a paragraph followed by an unindented full-width line is
joined with it; inputs of one or two lines have no column estimate, so their headlines are not
detected; the pairing of title blocks with bodies is positional, not semantic.

Examples
--------
>>> doc = read_text("本报讯（记者 罗丽） 2020年\\n\\n年底，PM2.5 浓 度 为 34 微 克。")
>>> doc.text
'2020年年底，PM2.5浓度为34微克。'
>>> doc.articles[0].reporters
['罗丽']
>>> doc.original_text(0, 7)
'2020年\\n\\n年底'
"""

from __future__ import annotations

import os
import re
import statistics
import unicodedata
from array import array
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import ReaderError

__all__ = [
    "Article",
    "Document",
    "ReaderError",
    "decode_bytes",
    "normalise",
    "read_bytes",
    "read_file",
    "read_text",
    "sample_path",
]

SAMPLE_NAME = "lvliang_daily_front_page.txt"

# ---------------------------------------------------------------------------------------------
# Regular expressions (each captures one language or layout pattern)
# ---------------------------------------------------------------------------------------------

# Line boundaries written by text extractors: CRLF, LF, CR, form feed (pdftotext page break),
# vertical tab, the Unicode line/paragraph separators and NEL.
LINE_BREAK_RE = re.compile(r"\r\n|[\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")

# Jump lines printed where an article continues on another page: （下转4版） (上接1版) （紧转2版）
# （转A3版） （接第二版）.  "上接/紧接/接" open a continued text, "下转/紧转/转" close one.
JUMP_RE = re.compile(
    r"[（(][\s\u3000]*(?P<dir>上接|紧接|下转|紧转|接|转)[\s\u3000]*第?[\s\u3000]*"
    r"(?:[0-9０-９]{1,3}|[A-Za-zＡ-Ｚａ-ｚ][0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
    r"[\s\u3000]*版[\s\u3000]*[）)]"
)

# Whole lines that are page header/footer furniture: a folio ("第4版", "4版"), editor credits
# ("责任编辑：张三  校对：李四") or a dated page header ("2021年1月14日 星期四 ...").
FURNITURE_LINE_RE = re.compile(
    r"^(?:第?[\s\u3000]*[0-9０-９]{1,3}[\s\u3000]*版"
    r"|(?:责任编辑|责编|美编|校对|组版|版式设计|版式)[\s\u3000]*[:：][^。！？]{0,60}"
    r"|[0-9０-９]{4}[\s\u3000]*年[\s\u3000]*[0-9０-９]{1,2}[\s\u3000]*月[\s\u3000]*[0-9０-９]{1,2}[\s\u3000]*日"
    r"[\s\u3000]*(?:星期|周)[一二三四五六日天][^。！？]{0,40})$"
)

# Sentence-final punctuation at the end of a line, possibly followed by closing quotes/brackets:
# "。", "！", "？", "…", "。”", "！」" ...
FINAL_PUNCT_RE = re.compile(r"[。！？!?…][”’」』）)》】〕\"']*$")

# Mid-sentence punctuation at the end of a line (the sentence goes on): "，", "、", "；", "：".
MID_PUNCT_RE = re.compile(r"[，、；：,;:]$")

# Box/bullet glyphs printed in front of a byline: "□ 本报记者 冯凯治", "■ 本报评论员".
BYLINE_MARK_RE = re.compile(r"^[□■◆◇●○◎▲△▼▽★☆※][\s\u3000]*")

# Who wrote it: optional outlet ("本报", "新华社") and a role word ("记者", "通讯员", "评论员").
ROLE_RE = re.compile(
    r"(?P<outlet>本报|本台|本刊|本网|新华社|中新社|人民日报|央视)?"
    r"(?P<role>(?:首席|特约|见习|实习|摄影|融媒体?|全媒体)?记者|特约评论员|评论员|通讯员|实习生|撰稿人?)"
)

# A personal name in a byline: 1-4 Han characters (with "·" for transliterated names).  Two-character
# names are often padded with a space ("王 五"); single characters are merged pairwise.
NAME_RE = re.compile(r"[\u4e00-\u9fff·•]{1,4}")

# Separators between the tokens of a byline ("本报记者 张三、李四"); a comma means a sentence.
BYLINE_SEP_RE = re.compile(r"[\s\u3000、]+")

# Dateline that opens a news item: "本报讯" / "本台讯", or "<agency or 本报><place><M>月<D>日电"
# ("新华社北京1月5日电", "本报太原1月13日电"), optionally followed by the reporters in brackets:
# "（记者 罗丽 通讯员 王五）".
DATELINE_RE = re.compile(
    r"^(?P<src>(?:本报|本台|本刊|本网)讯"
    r"|(?:本报|[\u4e00-\u9fff]{1,8}社)[\u4e00-\u9fff]{0,10}?[\s\u3000]*"
    r"[0-9０-９一二三四五六七八九十]{1,2}[\s\u3000]*月[\s\u3000]*[0-9０-９一二三四五六七八九十]{1,3}[\s\u3000]*日"
    r"[\s\u3000]*电)"
    r"(?:[\s\u3000]*[（(](?P<inner>[^（）()\n]{1,60})[）)])?"
)

# Characters that count half a column in a PDF line (punctuation set narrow, ASCII).
_NARROW_CHARS = frozenset("，、。；：？！“”‘’（）《》〈〉【】「」『』…—·")
# Characters after which / before which a space between Latin words is real ("Hello, world").
_LATIN_LEFT = frozenset(".,;:!?)%'\"")
_LATIN_RIGHT = frozenset("(\"'")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")

# Layout thresholds (see module docstring).
_WINDOW = 6
_SHORT_RATIO = 0.88
_NARROW_DELTA = 1.5
_HEAD_LOW, _HEAD_HIGH = 0.8, 1.25
_HEAD_MAX_WIDTH = 40
_SPLIT_MIN_SCORE = 3.0


# ---------------------------------------------------------------------------------------------
# Public data classes
# ---------------------------------------------------------------------------------------------


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

    Examples
    --------
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
        >>> read_text("以 1 个 百 分 点").original_text(0, 3)
        '以 1 个'
        """
        a, b = self.to_original(start, end)
        return self.raw[a:b]


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------

# (BOM, name of the codec that strips it).  UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _one_line(name: str) -> str:
    return str(name).replace("\r", "\\r").replace("\n", "\\n")


def _not_text(name: str, what: str) -> ReaderError:
    return ReaderError(f"{_one_line(name)}: not a text file ({what})")


def _suspicious(ch: str) -> bool:
    """True for control characters (other than tab/newlines/form feed) and unassigned code points."""
    if ch in _ALLOWED_CONTROLS:
        return False
    cat = unicodedata.category(ch)
    return cat == "Cc" or cat == "Cn" or cat == "Cs"


def _check_text(text: str, encoding: str, name: str) -> None:
    """Raise `ReaderError` if the decoded text has lots of control characters."""
    bad = [i for i, ch in enumerate(text) if _suspicious(ch)]
    if bad and len(bad) > max(2, len(text) // 100):
        pos = len(text[: bad[0]].encode(encoding))
        raise _not_text(name, f"control characters at byte {pos}")


def _utf16_by_nuls(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where the NUL bytes are (ASCII chars give ``xx 00`` in LE)."""
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if odd >= 2 and even * 4 <= odd:
        return "utf-16-le"
    if even >= 2 and odd * 4 <= even:
        return "utf-16-be"
    return None


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode without validating the result (see `decode_bytes`)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise _not_text(name, f"invalid {codec.upper()} at byte {exc.start}") from None
    if b"\x00" in data:
        codec16 = _utf16_by_nuls(data)
        if codec16 is not None:
            try:
                return data.decode(codec16), codec16
            except UnicodeDecodeError:
                pass
        raise _not_text(name, f"binary data at byte {data.index(0)}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data" and utf8_error.end == len(data):
        try:  # a UTF-8 file cut in the middle of its last character
            return data[: utf8_error.start].decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        pos = max(exc.start, utf8_error.start)
        raise _not_text(name, f"undecodable as UTF-8 or GB18030 at byte {pos}") from None


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode newspaper text bytes, detecting the encoding.

    Tried in order: a BOM (UTF-8, UTF-16, UTF-32), BOM-less UTF-16 LE/BE when NUL bytes sit at
    odd/even positions, UTF-8, GB18030 (a superset of GBK and GB2312).

    Parameters
    ----------
    data : bytes
        File content.
    name : str
        Name used in error messages.

    Returns
    -------
    tuple of str
        ``(text, encoding)``; the BOM is removed and ``data.decode(encoding) == text`` (except that an
        incomplete UTF-8 character cut off at the very end is dropped).

    Raises
    ------
    ReaderError
        ``"<name>: empty file"`` or ``"<name>: not a text file (...)"`` for binary data.

    Examples
    --------
    >>> decode_bytes("吕梁".encode("gbk"))
    ('吕梁', 'gb18030')
    >>> decode_bytes(b"\\xef\\xbb\\xbfok")
    ('ok', 'utf-8-sig')
    >>> decode_bytes(b"PK\\x03\\x04\\x00\\x00", "x.zip")
    Traceback (most recent call last):
    ...
    kg.errors.ReaderError: x.zip: not a text file (binary data at byte 4)
    """
    if not data:
        raise ReaderError(f"{_one_line(name)}: empty file")
    text, encoding = _decode(data, name)
    _check_text(text, encoding, name)
    if not text.strip() or all(ch in _ZERO_WIDTH or ch.isspace() for ch in text):
        raise ReaderError(f"{_one_line(name)}: empty file")
    return text, encoding


# ---------------------------------------------------------------------------------------------
# Lines, widths, bylines
# ---------------------------------------------------------------------------------------------


@dataclass
class _Byline:
    raw: str
    reporters: list[str]
    end: int  # raw offset just after the byline
    commentary: bool = False


@dataclass
class _Line:
    cells: list[tuple[str, int]]  # (char, raw offset), furniture removed, ends stripped
    brk: int  # raw offset of the character a break after this line replaces
    indented: bool
    blank_before: bool
    jump_after: bool = False
    jump_before: bool = False
    text: str = ""
    width: float = 0.0
    final: bool = False
    mid: bool = False
    byline: _Byline | None = None
    dateline: _Byline | None = None
    kind: str = "body"  # "body" | "head" | "byline"


@dataclass
class _Para:
    kind: str
    lines: list[_Line]
    idx: int = 0
    role: str = ""  # "body", "subhead", "title", "unit-byline", "signature"
    span: tuple[int, int] = (0, 0)  # span in Document.text (empty for removed paragraphs)

    @property
    def dateline(self) -> _Byline | None:
        return self.lines[0].dateline

    @property
    def jump_after(self) -> bool:
        return self.lines[-1].jump_after

    @property
    def jump_before(self) -> bool:
        return self.lines[0].jump_before


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _ZERO_WIDTH or (ch < " " and ch not in _ALLOWED_CONTROLS) or ch == "\x7f"


def _width(text: str) -> float:
    """Printed width of a layout line in CJK columns."""
    total = 0.0
    for ch in text:
        if _is_space(ch):
            continue
        total += 0.5 if ch in _NARROW_CHARS or ord(ch) < 128 else 1.0
    return total


def _merge_names(tokens: list[str]) -> list[str]:
    """Merge single-character tokens pairwise ("王 五" is the padded name 王五)."""
    names: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if len(tok) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
            names.append(tok + tokens[i + 1])
            i += 2
            continue
        names.append(tok)
        i += 1
    return names


def _parse_credits(text: str) -> tuple[list[str], bool, bool] | None:
    """Parse "本报记者 张三 通讯员 李四" into names; None if the text is not a credit line.

    Returns (names, strong, commentary): strong when an outlet prefix ("本报", "新华社") is present,
    the role is 评论员, or a name is separated from its role by a space (so that a sentence such as
    "记者获悉" is not taken for a byline).
    """
    tokens = [t for t in BYLINE_SEP_RE.split(text.strip()) if t]
    if not tokens:
        return None
    names: list[str] = []
    pending: list[str] = []
    strong = commentary = False
    after_role = False
    for k, tok in enumerate(tokens):
        m = ROLE_RE.match(tok)
        if m:
            names.extend(_merge_names(pending))
            pending = []
            strong = strong or bool(m.group("outlet"))
            commentary = commentary or "评论员" in m.group("role")
            rest = tok[m.end() :]
            if rest and not NAME_RE.fullmatch(rest):
                return None
            if rest:
                pending.append(rest)
            after_role = not rest
            continue
        if k == 0 or not NAME_RE.fullmatch(tok):
            return None
        strong = strong or after_role
        after_role = False
        pending.append(tok)
    names.extend(_merge_names(pending))
    return names, strong or commentary, commentary


def _parse_byline_line(text: str) -> tuple[list[str], bool] | None:
    """Recognise a standalone byline line such as "□ 本报记者 冯凯治"."""
    stripped = text.strip()
    if not stripped or _width(stripped) > _HEAD_MAX_WIDTH:
        return None
    mark = BYLINE_MARK_RE.match(stripped)
    body = stripped[mark.end() :] if mark else stripped
    parsed = _parse_credits(body)
    if parsed is None:
        return None
    names, strong, commentary = parsed
    if not (strong or mark):
        return None
    return names, commentary


def _split_raw_lines(raw: str) -> list[tuple[int, int, int]]:
    """(start, end, break offset) of each raw line; the break offset is len(raw) for the last."""
    out = []
    pos = 0
    for m in LINE_BREAK_RE.finditer(raw):
        out.append((pos, m.start(), m.start()))
        pos = m.end()
    out.append((pos, len(raw), len(raw)))
    return out


def _strip_cells(cells: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], bool]:
    """Strip layout whitespace at both ends; report whether there was leading whitespace."""
    i, j = 0, len(cells)
    while i < j and _is_space(cells[i][0]):
        i += 1
    while j > i and _is_space(cells[j - 1][0]):
        j -= 1
    return cells[i:j], i > 0


def _make_lines(raw: str) -> list[_Line]:
    """Cut the raw text into content lines, removing furniture and marking jumps and bylines."""
    lines: list[_Line] = []
    blank = False
    pending_before = False
    for start, end, brk in _split_raw_lines(raw):
        content = raw[start:end]
        if not content.strip() or FURNITURE_LINE_RE.match(content.strip().replace("\u3000", " ")):
            blank = True
            continue
        # Split the line at jump markers.
        pieces: list[tuple[int, int, int, str]] = []  # (start, end, brk, marker dir before piece)
        pos, prev_dir = start, ""
        for m in JUMP_RE.finditer(raw, start, end):
            pieces.append((pos, m.start(), m.start(), prev_dir))
            prev_dir = m.group("dir")
            pos = m.end()
        pieces.append((pos, end, brk, prev_dir))
        for n, (a, b, piece_brk, before_dir) in enumerate(pieces):
            after_dir = pieces[n + 1][3] if n + 1 < len(pieces) else ""
            cells, indented = _strip_cells([(raw[k], k) for k in range(a, b)])
            closes = after_dir in ("下转", "紧转", "转")
            opens = before_dir in ("上接", "紧接", "接")
            if not cells:
                if closes and lines:
                    lines[-1].jump_after = True
                pending_before = pending_before or opens
                continue
            line = _Line(cells, piece_brk, indented and n == 0, blank, closes, opens or pending_before)
            pending_before = False
            blank = False
            lines.append(line)
    for line in lines:
        line.text = "".join(ch for ch, _ in line.cells)
        line.width = _width(line.text)
        line.final = bool(FINAL_PUNCT_RE.search(line.text))
        line.mid = bool(MID_PUNCT_RE.search(line.text))
        parsed = _parse_byline_line(line.text)
        if parsed is not None:
            names, commentary = parsed
            line.byline = _Byline(line.text.strip(), names, line.cells[-1][1] + 1, commentary)
            line.kind = "byline"
            continue
        m = DATELINE_RE.match(line.text)
        if m:
            inner = m.group("inner")
            parsed_inner = _parse_credits(inner) if inner else None
            reporters = parsed_inner[0] if parsed_inner else []
            line.dateline = _Byline(line.text[: m.end()], reporters, line.cells[m.end() - 1][1] + 1)
    return lines


def _median_full_width(near: list[_Line]) -> float | None:
    """Median width of the full (not sentence-final, not byline) lines, None if fewer than two."""
    widths = [x.width for x in near if not x.final and x.byline is None]
    return statistics.median(widths) if len(widths) >= 2 else None


def _columns(lines: list[_Line]) -> tuple[list[float], list[float | None], list[float | None]]:
    """Column width estimates for each line.

    Returns ``(cols, around, after)``: the median width of the nearby full lines (6 before, 6 after;
    falling back to all nearby lines), the same without fallback (None with fewer than two full lines)
    and the median width of the next 6 full lines (None likewise).  A line that starts a body paragraph
    has the width of the lines that follow it; a headline differs from both estimates.
    """
    cols: list[float] = []
    arounds: list[float | None] = []
    afters: list[float | None] = []
    for i, line in enumerate(lines):
        near = lines[max(0, i - _WINDOW) : i] + lines[i + 1 : i + 1 + _WINDOW]
        around = _median_full_width(near)
        arounds.append(around)
        afters.append(_median_full_width(lines[i + 1 : i + 1 + _WINDOW]))
        cols.append(
            around if around is not None else statistics.median([x.width for x in near] or [line.width])
        )
    return cols, arounds, afters


def _off_column(width: float, col: float | None) -> bool:
    return col is not None and not _HEAD_LOW * col <= width <= _HEAD_HIGH * col


def _classify(lines: list[_Line], arounds: list[float | None], afters: list[float | None]) -> None:
    """Mark headline lines (kind "head"); bylines are already marked."""
    for i, line in enumerate(lines):
        if line.kind == "byline" or line.dateline is not None:
            continue
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        can_start = prev is None or prev.kind != "body" or prev.final or prev.jump_after or line.jump_before
        if not can_start or line.final or line.mid or line.indented or line.width > _HEAD_MAX_WIDTH:
            continue
        after = afters[i] if afters[i] is not None else arounds[i]
        off_column = _off_column(line.width, arounds[i]) and _off_column(line.width, after)
        before_byline = nxt is not None and (nxt.kind == "byline" or nxt.dateline is not None)
        at_end = nxt is None and prev is not None and prev.kind != "body"
        if off_column or before_byline or at_end:
            line.kind = "head"


def _is_break(lines: list[_Line], i: int, cols: list[float], double_spaced: bool, wrapped: bool) -> bool:
    """Whether there is a paragraph break between lines[i - 1] and lines[i]."""
    prev, line = lines[i - 1], lines[i]
    if prev.jump_after or line.jump_before or line.dateline is not None:
        return True
    if prev.kind == "byline" or line.kind == "byline":
        return True
    if prev.kind == "head" and line.kind == "head":
        separated = double_spaced and line.blank_before
        return separated or line.width > prev.width + 1
    if prev.kind != line.kind:
        return True
    if not prev.final:
        return False
    if not wrapped or prev.width < _SHORT_RATIO * cols[i - 1] or line.indented:
        return True
    if line.final:
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if line.width <= cols[i] - _NARROW_DELTA:
        return True
    if nxt is None or nxt.final or nxt.kind != "body":
        return False
    return line.width <= nxt.width - _NARROW_DELTA


def _layout(raw: str) -> list[_Para]:
    """Group the content lines of a page into paragraphs."""
    lines = _make_lines(raw)
    if not lines:
        return []
    cols, arounds, afters = _columns(lines)
    _classify(lines, arounds, afters)
    double_spaced = sum(x.blank_before for x in lines[1:]) > 0.5 * max(1, len(lines) - 1)
    widths = [x.width for x in lines]
    finals = sum(x.final for x in lines)
    wrapped = statistics.median(widths) <= 45 and finals < 0.5 * len(lines)
    paras: list[_Para] = [_Para(lines[0].kind, [lines[0]])]
    for i in range(1, len(lines)):
        if _is_break(lines, i, cols, double_spaced, wrapped):
            paras.append(_Para(lines[i].kind, [lines[i]]))
        else:
            paras[-1].lines.append(lines[i])
    for k, para in enumerate(paras):
        para.idx = k
    return paras


# ---------------------------------------------------------------------------------------------
# Rendering with offsets
# ---------------------------------------------------------------------------------------------


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _keep_space(left: str, right: str) -> bool:
    """Whether a space between two characters is a real word space (Latin text), not layout."""
    if not left.isascii() or not right.isascii():
        return False
    if left.isdigit() and right.isdigit():
        return False  # "1 000" -> "1000": a number split by the layout
    left_ok = left.isalnum() or left in _LATIN_LEFT
    right_ok = right.isalnum() or right in _LATIN_RIGHT
    return left_ok and right_ok and (left.isalpha() or right.isalpha() or left in _LATIN_LEFT)


def _render_line(
    cells: list[tuple[str, int]], head: bool, chars: list[str], offs: list[int], keep_before: int = -1
) -> None:
    """Append a stripped line, dropping layout spaces.

    Spaces are kept (as one space) between Latin words, between the Han phrases of a headline with at
    most two such gaps, and in credits (cells before raw offset `keep_before`: "本报记者 张三 李四").
    """
    gaps = []  # (index of first space, index of next char)
    k = 0
    while k < len(cells):
        if _is_space(cells[k][0]):
            j = k
            while j < len(cells) and _is_space(cells[j][0]):
                j += 1
            gaps.append((k, j))
            k = j
        else:
            k += 1
    han_gaps = [g for g in gaps if not cells[g[0] - 1][0].isascii() and not cells[g[1]][0].isascii()]
    keep_han = head and len(han_gaps) <= 2
    gap_at = dict(gaps)
    k = 0
    while k < len(cells):
        if k in gap_at:
            j = gap_at[k]
            left, right = cells[k - 1][0], cells[j][0]
            if _keep_space(left, right) or (keep_han and (k, j) in han_gaps) or cells[j][1] < keep_before:
                chars.append(" ")
                offs.append(cells[k][1])
            k = j
            continue
        chars.append(cells[k][0])
        offs.append(cells[k][1])
        k += 1


def _render_para(para: _Para, skip_before: int = -1) -> tuple[list[str], list[int]]:
    """Text and offsets of a paragraph; characters before raw offset `skip_before` are dropped."""
    chars: list[str] = []
    offs: list[int] = []
    head = para.kind == "head"
    if para.kind == "byline":
        keep_before = para.lines[0].byline.end  # type: ignore[union-attr]
    elif para.dateline is not None:
        keep_before = para.dateline.end
    else:
        keep_before = -1
    prev_line: _Line | None = None
    for line in para.lines:
        cells = [c for c in line.cells if c[1] >= skip_before]
        cells, _ = _strip_cells(cells)
        if not cells:
            continue
        if prev_line is not None and chars and _is_latin_letter(chars[-1]) and _is_latin_letter(cells[0][0]):
            chars.append(" ")
            offs.append(prev_line.brk)
        _render_line(cells, head, chars, offs, keep_before)
        prev_line = line
    return chars, offs


def _join(parts: list[tuple[_Para, list[str], list[int]]]) -> tuple[str, list[int]]:
    """Join rendered paragraphs with "\\n" (mapped to the break after each paragraph); set spans."""
    chars: list[str] = []
    offs: list[int] = []
    prev: _Para | None = None
    for para, pchars, poffs in parts:
        if not pchars:
            para.span = (len(chars), len(chars))
            continue
        if prev is not None:
            chars.append("\n")
            offs.append(prev.lines[-1].brk)
        para.span = (len(chars), len(chars) + len(pchars))
        chars.extend(pchars)
        offs.extend(poffs)
        prev = para
    return "".join(chars), offs


def normalise(raw: str) -> tuple[str, list[int]]:
    """Undo the PDF layout of a page and remove page furniture.

    Layout line breaks inside paragraphs and layout spaces are dropped, paragraph breaks become
    ``"\\n"``, jump markers (``（下转4版）``) and page header/footer lines are removed.  Bylines and
    headlines are kept, as their own paragraphs (see `read_text` for the article view).

    Parameters
    ----------
    raw : str
        Decoded page text.

    Returns
    -------
    tuple
        ``(text, offsets)`` with ``raw[offsets[i]] == text[i]`` for every non-space character.

    Examples
    --------
    >>> normalise("省 第 一 ，PM2.5 浓 度 为 34 微 克/立 方\\n\\n米，连续 3 年达标。")[0]
    '省第一，PM2.5浓度为34微克/立方米，连续3年达标。'
    >>> normalise("New York\\nTimes （下转4版）")[0]
    'New York Times'
    """
    paras = _layout(raw)
    parts = []
    for para in paras:
        chars, offs = _render_para(para)
        parts.append((para, chars, offs))
    return _join(parts)


# ---------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------


@dataclass
class _Unit:
    paras: list[_Para]
    byline: _Para | None = None


@dataclass
class _Segment:
    paras: list[_Para]
    dateline: _Byline | None = None
    signature: _Para | None = None
    unit: _Unit | None = None


def _find_units(paras: list[_Para]) -> list[_Unit]:
    """Give every paragraph a role and collect the header units (headlines + byline)."""
    units: list[_Unit] = []
    i, n = 0, len(paras)
    while i < n:
        if paras[i].kind == "body":
            paras[i].role = "body"
            i += 1
            continue
        j = i
        while j < n and paras[j].kind != "body":
            j += 1
        run = paras[i:j]
        before = paras[i - 1] if i else None
        after = paras[j] if j < n else None
        first = run[0]
        if (
            first.kind == "byline"
            and before is not None
            and before.kind == "body"
            and not before.jump_after
            and (len(run) > 1 or after is None or first.lines[0].byline.commentary)  # type: ignore[union-attr]
        ):
            first.role = "signature"
            run = run[1:]
        if any(p.kind == "byline" for p in run):
            unit = _Unit([])
            for p in run:
                if p.kind == "byline" and unit.byline is not None:
                    units.append(unit)
                    unit = _Unit([])
                unit.paras.append(p)
                if p.kind == "byline":
                    unit.byline = p
                    p.role = "unit-byline"
                else:
                    p.role = "title"
            units.append(unit)
        elif run:
            standalone = before is None or before.jump_after or after is None or after.dateline is not None
            for p in run:
                p.role = "title" if standalone else "subhead"
            if standalone:
                units.append(_Unit(list(run)))
        i = j
    return units


def _boundary_score(a: _Para, b: _Para) -> float:
    """How much the line width changes between two paragraphs (a new text block)."""
    wa = a.lines[-2].width if len(a.lines) > 1 else a.lines[-1].width
    wb = b.lines[1].width if len(b.lines) > 1 else b.lines[0].width
    return abs(wa - wb)


def _segments(paras: list[_Para]) -> list[_Segment]:
    """Cut the body paragraphs into segments and split segments that hold two bylines."""
    segments: list[_Segment] = []
    cur: _Segment | None = None
    need_new = True
    for p in paras:
        if p.role in ("body", "subhead"):
            if cur is None or need_new or p.dateline is not None or p.jump_before:
                cur = _Segment([], dateline=p.dateline)
                segments.append(cur)
                need_new = False
            cur.paras.append(p)
            need_new = p.jump_after
        elif p.role == "signature":
            if cur is not None and cur.signature is None:
                cur.signature = p
            need_new = True
        else:
            need_new = True
    out: list[_Segment] = []
    for seg in segments:
        if seg.dateline is not None and seg.signature is not None and len(seg.paras) > 1:
            cands = [
                (_boundary_score(seg.paras[k - 1], seg.paras[k]), k)
                for k in range(1, len(seg.paras))
                if seg.paras[k - 1].kind == "body" and seg.paras[k].kind == "body"
            ]
            if cands:
                score, k = max(cands)
                if score >= _SPLIT_MIN_SCORE:
                    out.append(_Segment(seg.paras[:k], dateline=seg.dateline))
                    out.append(_Segment(seg.paras[k:], signature=seg.signature))
                    continue
        out.append(seg)
    return out


def _pair(units: list[_Unit], segments: list[_Segment]) -> list[_Unit]:
    """Attach header units to segments; return the units left without a body."""
    free = list(units)
    # Headlines directly before a dateline item are its title.
    for unit in list(free):
        if unit.byline is None:
            nxt = next((s for s in segments if s.paras[0].idx == unit.paras[-1].idx + 1), None)
            if nxt is not None and nxt.dateline is not None and nxt.unit is None:
                nxt.unit = unit
                free.remove(unit)
    eligible = [s for s in segments if s.dateline is None and s.signature is None and s.unit is None]
    if free and len(free) == len(eligible):
        for unit, seg in zip(free, eligible, strict=True):
            seg.unit = unit
        return []
    orphans = []
    for unit in free:
        first, last = unit.paras[0].idx, unit.paras[-1].idx
        nxt = next((s for s in eligible if s.paras[0].idx == last + 1 and s.unit is None), None)
        prv = next((s for s in eligible if s.paras[-1].idx == first - 1 and s.unit is None), None)
        target = nxt or prv
        if target is None:
            orphans.append(unit)
        else:
            target.unit = unit
    return orphans


def _title(unit: _Unit | None, text: str) -> str:
    if unit is None:
        return ""
    title = ""
    for p in unit.paras:
        if p.kind != "head" or p.span[0] == p.span[1]:
            continue
        part = text[p.span[0] : p.span[1]]
        sep = "" if not title or title.endswith("——") or part.startswith("——") else " "
        title += sep + part
    return title


def _article(seg: _Segment | None, unit: _Unit | None, text: str) -> Article:
    bylines: list[_Byline] = []
    if seg is not None and seg.dateline is not None:
        bylines.append(seg.dateline)
    if unit is not None and unit.byline is not None:
        bylines.append(unit.byline.lines[0].byline)  # type: ignore[arg-type]
    if seg is not None and seg.signature is not None:
        bylines.append(seg.signature.lines[0].byline)  # type: ignore[arg-type]
    reporters: list[str] = []
    for b in bylines:
        reporters.extend(r for r in b.reporters if r not in reporters)
    if seg is not None:
        start, end = seg.paras[0].span[0], seg.paras[-1].span[1]
    else:
        start = end = unit.paras[0].span[0] if unit is not None else 0
    return Article(
        title=_title(unit, text),
        byline=" ".join(b.raw for b in bylines),
        reporters=reporters,
        text=text[start:end],
        start=start,
        end=end,
    )


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


def _lay_out(raw: str) -> tuple[str, list[int], list[Article]]:
    """Text, offsets into ``raw`` and articles of one piece of a page."""
    paras = _layout(raw)
    units = _find_units(paras)
    parts = []
    for para in paras:
        if para.kind == "byline":
            parts.append((para, [], []))
            continue
        skip = para.dateline.end if para.dateline is not None else -1
        chars, offs = _render_para(para, skip)
        parts.append((para, chars, offs))
    text, offsets = _join(parts)
    segments = _segments(paras)
    orphans = _pair(units, segments)
    articles = [_article(seg, seg.unit, text) for seg in segments]
    articles += [_article(None, unit, text) for unit in orphans]
    if not articles:
        articles = [Article("", "", [], text, 0, len(text))]
    articles.sort(key=lambda a: (a.start, a.end))
    return text, offsets, articles


def _build(raw: str, doc_id: str, path: str | None, encoding: str) -> Document:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    texts: list[str] = []
    offsets = array("I")
    articles: list[Article] = []
    size = 0
    for start, end in _raw_pieces(raw):
        text, offs, arts = _lay_out(raw[start:end])
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


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def read_text(text: str, doc_id: str = "text") -> Document:
    """Build a `Document` from an already decoded string.

    Parameters
    ----------
    text : str
        Page text (a leading BOM is removed).
    doc_id : str
        Document id.

    Returns
    -------
    Document
        With ``encoding == "str"`` and ``path is None``.

    Raises
    ------
    ReaderError
        If the text is empty or whitespace only.

    Examples
    --------
    >>> doc = read_text("□ 本报记者 冯凯治\\n\\n正文第一句。")
    >>> doc.articles[0].byline, doc.articles[0].reporters, doc.text
    ('□ 本报记者 冯凯治', ['冯凯治'], '正文第一句。')
    """
    if not text.strip() or all(_is_space(ch) for ch in text):
        raise ReaderError(f"{_one_line(doc_id)}: empty text")
    return _build(text, doc_id, None, "str")


def read_bytes(data: bytes, name: str) -> Document:
    """Decode bytes (see `decode_bytes`) and build a `Document` whose id is the stem of `name`.

    Examples
    --------
    >>> doc = read_bytes("2020 年 8 月 18 日".encode("utf-16"), "page.txt")
    >>> doc.id, doc.encoding, doc.text
    ('page', 'utf-16', '2020年8月18日')
    """
    raw, encoding = decode_bytes(data, name)
    return _build(raw, Path(name).stem or str(name), None, encoding)


def read_file(path: str | os.PathLike[str]) -> Document:
    """Read a page from a file; the document id is the file stem.

    Raises
    ------
    ReaderError
        One-line message for a missing, unreadable, empty or binary file.

    Examples
    --------
    >>> doc = read_file(sample_path())
    >>> doc.id, len(doc.articles)
    ('lvliang_daily_front_page', 4)
    >>> read_file("no/such/file.txt")
    Traceback (most recent call last):
    ...
    kg.errors.ReaderError: no/such/file.txt: no such file
    """
    p = Path(path)
    name = _one_line(str(p))
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReaderError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ReaderError(f"{name}: is a directory") from None
    except OSError as exc:
        raise ReaderError(f"{name}: cannot read file ({exc.strerror or type(exc).__name__})") from None
    raw, encoding = decode_bytes(data, name)
    return _build(raw, p.stem, str(p), encoding)


def sample_path() -> Path:
    """Path of the bundled sample page ``kg/sample/lvliang_daily_front_page.txt``.

    Examples
    --------
    >>> sample_path().name
    'lvliang_daily_front_page.txt'
    """
    return Path(__file__).resolve().parent / "sample" / SAMPLE_NAME
