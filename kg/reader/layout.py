"""Undo the PDF layout of a page: lines to paragraphs, layout spaces and furniture removed.

See ``docs/reader.md`` for the heuristics and the figures they were measured on.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection
from dataclasses import dataclass

from kg.reader.bylines import DATELINE_RE, Byline, parse_byline_line, parse_credits
from kg.reader.chars import HEAD_MAX_WIDTH, has_space, is_space, width_of

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

# Characters after which / before which a space between Latin words is real ("Hello, world").
_LATIN_LEFT = frozenset(".,;:!?)%'\"")
_LATIN_RIGHT = frozenset("(\"'")

# Layout thresholds (see module docstring).
_WINDOW = 6
_SHORT_RATIO = 0.88
_NARROW_DELTA = 1.5
_HEAD_LOW, _HEAD_HIGH = 0.8, 1.25


@dataclass
class Line:
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
    byline: Byline | None = None
    dateline: Byline | None = None
    kind: str = "body"  # "body" | "head" | "byline"


@dataclass
class Para:
    kind: str
    lines: list[Line]
    idx: int = 0
    role: str = ""  # "body", "subhead", "title", "unit-byline", "signature"
    span: tuple[int, int] = (0, 0)  # span in Document.text (empty for removed paragraphs)

    @property
    def dateline(self) -> Byline | None:
        return self.lines[0].dateline

    @property
    def jump_after(self) -> bool:
        return self.lines[-1].jump_after

    @property
    def jump_before(self) -> bool:
        return self.lines[0].jump_before


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
    while i < j and is_space(cells[i][0]):
        i += 1
    while j > i and is_space(cells[j - 1][0]):
        j -= 1
    return cells[i:j], i > 0


def _make_lines(raw: str) -> list[Line]:
    """Cut the raw text into content lines, removing furniture and marking jumps and bylines."""
    lines: list[Line] = []
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
            line = Line(cells, piece_brk, indented and n == 0, blank, closes, opens or pending_before)
            pending_before = False
            blank = False
            lines.append(line)
    for line in lines:
        line.text = "".join(ch for ch, _ in line.cells)
        line.width = width_of(line.text)
        line.final = bool(FINAL_PUNCT_RE.search(line.text))
        line.mid = bool(MID_PUNCT_RE.search(line.text))
        parsed = parse_byline_line(line.text)
        if parsed is not None:
            names, commentary = parsed
            line.byline = Byline(line.text.strip(), names, line.cells[-1][1] + 1, commentary)
            line.kind = "byline"
            continue
        m = DATELINE_RE.match(line.text)
        if m:
            inner = m.group("inner")
            parsed_inner = parse_credits(inner) if inner else None
            reporters = parsed_inner[0] if parsed_inner else []
            line.dateline = Byline(line.text[: m.end()], reporters, line.cells[m.end() - 1][1] + 1)
    return lines


def _median_full_width(near: list[Line]) -> float | None:
    """Median width of the full (not sentence-final, not byline) lines, None if fewer than two."""
    widths = [x.width for x in near if not x.final and x.byline is None]
    return statistics.median(widths) if len(widths) >= 2 else None


def _columns(lines: list[Line]) -> tuple[list[float], list[float | None], list[float | None]]:
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


def _classify(lines: list[Line], arounds: list[float | None], afters: list[float | None]) -> None:
    """Mark headline lines (kind "head"); bylines are already marked."""
    for i, line in enumerate(lines):
        if line.kind == "byline" or line.dateline is not None:
            continue
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        can_start = prev is None or prev.kind != "body" or prev.final or prev.jump_after or line.jump_before
        if not can_start or line.final or line.mid or line.indented or line.width > HEAD_MAX_WIDTH:
            continue
        after = afters[i] if afters[i] is not None else arounds[i]
        off_column = _off_column(line.width, arounds[i]) and _off_column(line.width, after)
        before_byline = nxt is not None and (nxt.kind == "byline" or nxt.dateline is not None)
        at_end = nxt is None and prev is not None and prev.kind != "body"
        if off_column or before_byline or at_end:
            line.kind = "head"


def _is_break(lines: list[Line], i: int, cols: list[float], double_spaced: bool, wrapped: bool) -> bool:
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


def paragraphs_of(raw: str, heads: Collection[int] = ()) -> list[Para]:
    """Group the content lines of a page into paragraphs.

    ``heads``: raw offsets of lines known to be headlines (a PDF's large type, `kg.reader.pdf`).
    """
    lines = _make_lines(raw)
    if not lines:
        return []
    for line in lines:
        if line.kind == "body" and line.dateline is None and line.cells[0][1] in heads:
            line.kind = "head"
    cols, arounds, afters = _columns(lines)
    _classify(lines, arounds, afters)
    double_spaced = sum(x.blank_before for x in lines[1:]) > 0.5 * max(1, len(lines) - 1)
    widths = [x.width for x in lines]
    finals = sum(x.final for x in lines)
    wrapped = statistics.median(widths) <= 45 and finals < 0.5 * len(lines)
    paras: list[Para] = [Para(lines[0].kind, [lines[0]])]
    for i in range(1, len(lines)):
        if _is_break(lines, i, cols, double_spaced, wrapped):
            paras.append(Para(lines[i].kind, [lines[i]]))
        else:
            paras[-1].lines.append(lines[i])
    for k, para in enumerate(paras):
        para.idx = k
    return paras


# ---------------------------------------------------------------------------------------------
# Rendering with offsets
# ---------------------------------------------------------------------------------------------


# A bracketed aside of at most 30 characters at the end of a line or before 。: credits, captions.
_ASIDE_RE = re.compile(r"[（(][^（）()\n]{1,30}[）)](?=\s*[。.]?\s*$)")


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


def _aside_gaps(cells: list[tuple[str, int]], han_gaps: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The single spaces between Han characters inside a short bracketed aside that closes a line or a
    sentence: the credits of a report, "（记者 张三 李四）", "（图片 新华社记者张三 摄）", where a
    space separates names."""
    out: set[tuple[int, int]] = set()
    text = "".join(c for c, _ in cells)
    for m in _ASIDE_RE.finditer(text):
        out |= {(k, j) for k, j in han_gaps if m.start() < k and j < m.end() and j - k == 1}
    return out


def _render_line(
    cells: list[tuple[str, int]], head: bool, chars: list[str], offs: list[int], keep_before: int = -1
) -> None:
    """Append a stripped line, dropping layout spaces.

    Spaces are kept (as one space) between Latin words, between the Han phrases of a headline with at
    most two such gaps, and in credits (cells before raw offset `keep_before`: "本报记者 张三 李四").
    """
    if not has_space("".join(c for c, _ in cells)):  # most lines: nothing to decide
        chars.extend(c for c, _ in cells)
        offs.extend(o for _, o in cells)
        return
    gaps = []  # (index of first space, index of next char)
    k = 0
    while k < len(cells):
        if is_space(cells[k][0]):
            j = k
            while j < len(cells) and is_space(cells[j][0]):
                j += 1
            gaps.append((k, j))
            k = j
        else:
            k += 1
    han_gaps = [g for g in gaps if not cells[g[0] - 1][0].isascii() and not cells[g[1]][0].isascii()]
    keep_han = head and len(han_gaps) <= 2
    aside = _aside_gaps(cells, han_gaps)
    gap_at = dict(gaps)
    k = 0
    while k < len(cells):
        if k in gap_at:
            j = gap_at[k]
            left, right = cells[k - 1][0], cells[j][0]
            if (
                _keep_space(left, right)
                or (keep_han and (k, j) in han_gaps)
                or cells[j][1] < keep_before
                or (k, j) in aside
            ):
                chars.append(" ")
                offs.append(cells[k][1])
            k = j
            continue
        chars.append(cells[k][0])
        offs.append(cells[k][1])
        k += 1


def render_para(para: Para, skip_before: int = -1) -> tuple[list[str], list[int]]:
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
    prev_line: Line | None = None
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


def join_paragraphs(parts: list[tuple[Para, list[str], list[int]]]) -> tuple[str, list[int]]:
    """Join rendered paragraphs with "\\n" (mapped to the break after each paragraph); set spans."""
    chars: list[str] = []
    offs: list[int] = []
    prev: Para | None = None
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
    paras = paragraphs_of(raw)
    parts = []
    for para in paras:
        chars, offs = render_para(para)
        parts.append((para, chars, offs))
    return join_paragraphs(parts)
