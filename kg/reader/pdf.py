"""Newspaper PDF pages as documents: the text in reading order and the box of every character.

`read_pdf` yields one `Document` per page, id ``<doc_id>#p<page>``. Its ``raw`` text is what
the text reader expects from a PDF extractor (one line of text per printed line, a blank line
between text blocks), so that the layout repair of `kg.reader` (joined lines, bylines, page
furniture such as ``（下转4版）``, articles) applies unchanged. ``Document.page`` is the page
number (1-based) and ``Document.boxes`` the box of every raw character (`evidence_boxes`).

Characters come from pdfminer.six, without its layout analysis (which merges the lines of
columns set close together); kg groups them itself:

1. *Lines*: characters, swept left to right, join the line whose last character they
   overlap vertically (at least half the smaller height), of a similar size, at most
   :data:`GAP_BODY` x the size to its right (:data:`GAP_HEAD` for headline sizes, which
   are spaced out): a wider gap is a column gutter and starts another line. A character
   drawn twice at almost the same place (fake bold) is kept once.
2. *Blocks*: a line continues the block of the line just above it when both are of a
   similar size, overlap horizontally, are at most :data:`LEADING` x the size apart, and
   each is the other's only such neighbour; so a line spanning two columns (a headline, a
   dateline across the page) never joins one of them, and columns stay apart.
3. *Reading order* (a recursive X-Y cut, columns first): where a vertical line runs between
   the blocks of a region without crossing one, the region is cut there into columns,
   read left to right; where none does (a headline spans the columns), the region is cut
   at the horizontal gaps between blocks into bands, read top to bottom, and adjacent
   bands that share a column gutter are read as one (the paragraphs of three columns that
   happen to end on the same line are read column by column, not row by row). So a
   spanning headline comes before the columns under it, an article continued in the next
   column is read on, and articles set side by side each come whole.

Boxes are in PDF points from the top-left corner of the page (``x0, top, x1, bottom``, as
pdfplumber and PDF viewers measure them). Vertical text (rotated characters) is left out.

A file that is not a PDF, is encrypted with a password, is damaged or truncated, or has no
text on any page raises one-line `ReaderError`; a page without text (a scanned page) or
that cannot be read is yielded as a `ReaderError` of its own, and the other pages are read.

Examples
--------
>>> boxes = array("f", [0, 0, 10, 10, 10, 0, 20, 10] + [NAN] * 4 + [0, 14, 10, 24])
>>> doc = Document("p#p1", None, "pdf", "ab\\nc", "abc", array("I", [0, 1, 3]), page=1, boxes=boxes)
>>> evidence_boxes(doc, 0, 4)
(1, ((0.0, 0.0, 20.0, 24.0),))
"""

from __future__ import annotations

import logging
import math
import os
import statistics
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import ReaderError
from kg.reader.document import Document
from kg.reader.read import read_text

__all__ = ["Box", "evidence_boxes", "page_layout", "read_pdf"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points, from the page's top left
NAN = float("nan")

# A gap wider than this many times the character size ends a line: a column gutter. Body
# text is set with gaps of a tenth of its size at most; gutters are about one size wide.
GAP_BODY = 0.8
GAP_HEAD = 2.0  # headlines (over HEAD_RATIO x the body size) are often spaced out
HEAD_RATIO = 1.2
SPACE_GAP = 0.15  # a gap this wide (x size) within a line is written as a space (pdfminer: 0.1)
LEADING = 1.2  # at most this many sizes between the lines of one block
SIZE_RATIO = 1.25  # lines of one block, characters of one line: sizes within this ratio
CUT_TOLERANCE = 0.5  # points of overlap between blocks still allowed at a cut
NO_TEXT = "no text layer"
MAX_UNMAPPED = 0.5  # a page with more characters than this share without Unicode is unreadable

# pdfminer logs a warning for every oddity of a PDF it reads past (a missing CropBox); kg
# reports the problems that matter on one line of its own.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(eq=False)  # compared by identity: lines are moved between rows while they grow
class _Line:
    chars: list[_Char]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @classmethod
    def of(cls, c: _Char) -> _Line:
        return cls([c], c.x0, c.top, c.x1, c.bottom, c.size)

    def add(self, c: _Char) -> None:
        self.chars.append(c)
        self.x0, self.x1 = min(self.x0, c.x0), max(self.x1, c.x1)
        self.top, self.bottom = min(self.top, c.top), max(self.bottom, c.bottom)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)


@dataclass
class _Block:
    lines: list[_Line] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(line.x0 for line in self.lines)

    @property
    def x1(self) -> float:
        return max(line.x1 for line in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.lines)


# ---------------------------------------------------------------------------------------------
# Layout: characters -> lines -> blocks -> reading order
# ---------------------------------------------------------------------------------------------


def _similar(a: float, b: float) -> bool:
    return max(a, b) <= SIZE_RATIO * min(a, b)


def _v_overlap(a: _Char | _Line, b: _Char | _Line) -> float:
    return min(a.bottom, b.bottom) - max(a.top, b.top)


def _h_overlap(a: _Line, b: _Line) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _lines(chars: list[_Char], body: float) -> list[_Line]:
    """Group characters into lines, sweeping left to right (step 1 of the module docstring)."""
    bucket = max(body, 1.0)
    rows: dict[int, list[_Line]] = {}  # open lines by the row of their last character's centre
    lines: list[_Line] = []
    for c in sorted(chars, key=lambda c: (c.x0, c.top)):
        centre = int((c.top + c.bottom) / 2 // bucket)
        best: _Line | None = None
        best_shift = math.inf
        duplicate = False
        for key in (centre - 1, centre, centre + 1):
            for line in rows.get(key, ()):
                last = line.chars[-1]
                gap = c.x0 - last.x1
                limit = (GAP_HEAD if last.size > HEAD_RATIO * body else GAP_BODY) * last.size
                if gap > limit or gap < -last.size:  # another column's line
                    continue
                height = min(c.bottom - c.top, last.bottom - last.top)
                if _v_overlap(c, last) < 0.5 * height or not _similar(c.size, last.size):
                    continue
                if gap < -0.3 * last.size:
                    duplicate = duplicate or (c.text == last.text and abs(c.x0 - last.x0) < 0.3 * c.size)
                    continue
                shift = abs(c.top + c.bottom - last.top - last.bottom)
                if shift < best_shift:
                    best, best_shift = line, shift
        if duplicate and best is None:
            continue
        if best is None:
            best = _Line.of(c)
            lines.append(best)
        else:
            old = int((best.chars[-1].top + best.chars[-1].bottom) / 2 // bucket)
            rows[old].remove(best)
            best.add(c)
        rows.setdefault(centre, []).append(best)
    return lines


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Chain lines into blocks, each line to its only neighbour above (step 2)."""
    lines = sorted(lines, key=lambda line: (line.top, line.x0))
    bottoms = sorted((line.bottom, k) for k, line in enumerate(lines))
    above: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        reach = line.top - LEADING * line.size
        start = bisect_left(bottoms, (reach - 0.3 * line.size, -1))
        cands = []
        for bottom, j in bottoms[start:]:
            if bottom > line.top + 0.3 * line.size:
                break
            other = lines[j]
            if j == i or other.top >= line.top or not _similar(other.size, line.size):
                continue
            if _h_overlap(other, line) <= 0.3 * min(other.x1 - other.x0, line.x1 - line.x0):
                continue
            cands.append((line.top - bottom, j))
        if cands:
            nearest = min(gap for gap, _ in cands)
            above[i] = [j for gap, j in cands if gap <= nearest + 0.3 * line.size]
    below: dict[int, list[int]] = {}
    for i, js in above.items():
        for j in js:
            below.setdefault(j, []).append(i)
    block_of: dict[int, _Block] = {}
    blocks: list[_Block] = []
    for i, line in enumerate(lines):
        js = above.get(i, [])
        if len(js) == 1 and below.get(js[0]) == [i]:
            block = block_of[js[0]]
        else:
            block = _Block()
            blocks.append(block)
        block.lines.append(line)
        block_of[i] = block
    return blocks


def _cut(blocks: list[_Block], axis: str) -> list[list[_Block]]:
    """Groups of blocks separated by gaps along ``axis`` ("x": columns, "y": bands), in order."""
    lo, hi = ("x0", "x1") if axis == "x" else ("top", "bottom")
    groups: list[list[_Block]] = []
    end = -math.inf
    for b in sorted(blocks, key=lambda b: getattr(b, lo)):
        if groups and getattr(b, lo) < end - CUT_TOLERANCE:
            groups[-1].append(b)
            end = max(end, getattr(b, hi))
        else:
            groups.append([b])
            end = getattr(b, hi)
    return groups


def _order(blocks: list[_Block]) -> list[_Block]:
    """Blocks in reading order: a recursive X-Y cut, columns first (step 3)."""
    if len(blocks) <= 1:
        return blocks
    columns = _cut(blocks, "x")
    if len(columns) > 1:
        return [b for col in columns for b in _order(col)]
    bands = _cut(blocks, "y")
    if len(bands) == 1:
        return sorted(blocks, key=lambda b: (b.top, b.x0))
    groups: list[list[_Block]] = []
    for band in bands:
        if groups and len(_cut(groups[-1] + band, "x")) > 1:
            groups[-1] += band  # the same column gutters run on: one stretch of columns
        else:
            groups.append(band)
    return [b for group in groups for b in _order(group)]


def page_layout(chars: list[_Char]) -> tuple[str, array, list[int]]:
    """The text of a page's characters in reading order, and the box of each text character.

    Returns ``(text, boxes, heads)``: one line of text per printed line, a blank line
    between blocks; ``boxes[4 * i : 4 * i + 4]`` is the box of ``text[i]`` (NaN for the
    line breaks and the spaces written for gaps); ``heads`` are the offsets of the lines
    set in headline type (over :data:`HEAD_RATIO` x the page's most common size).

    Examples
    --------
    >>> def line(text, x, y, size=10.0):
    ...     return [_Char(t, x + k * size, y, x + (k + 1) * size, y + size, size) for k, t in enumerate(text)]
    >>> chars = line("左栏第一行", 50, 100) + line("右栏第一行", 170, 100)
    >>> chars += line("左栏第二行", 50, 114) + line("右栏第二行", 170, 114) + line("通栏标题", 50, 60, 24)
    >>> text, boxes, heads = page_layout(chars)
    >>> print(text, end='')
    通栏标题
    <BLANKLINE>
    左栏第一行
    左栏第二行
    <BLANKLINE>
    右栏第一行
    右栏第二行
    >>> boxes[4 * 6 : 4 * 6 + 4].tolist(), heads
    ([50.0, 100.0, 60.0, 110.0], [0])
    """
    if not chars:
        return "", array("f"), []
    sizes = Counter(round(c.size * 2) / 2 for c in chars)
    body = sizes.most_common(1)[0][0]
    out: list[str] = []
    boxes = array("f")
    heads: list[int] = []
    for b, block in enumerate(_order(_blocks(_lines(chars, body)))):
        if b:
            out.append("\n")
            boxes.extend((NAN,) * 4)
        for line in block.lines:
            if statistics.median(c.size for c in line.chars) > HEAD_RATIO * body:
                heads.append(len(boxes) // 4)
            prev: _Char | None = None
            for c in line.chars:
                if prev is not None and c.x0 - prev.x1 > SPACE_GAP * c.size:
                    out.append(" ")
                    boxes.extend((NAN,) * 4)
                out.append(c.text)
                boxes.extend((c.x0, c.top, c.x1, c.bottom))
                prev = c
            out.append("\n")
            boxes.extend((NAN,) * 4)
    return "".join(out), boxes, heads


# ---------------------------------------------------------------------------------------------
# Reading the file (pdfminer.six)
# ---------------------------------------------------------------------------------------------


def _page_chars(ltpage) -> tuple[list[_Char], int, int]:
    """Upright characters of a pdfminer page (top-left origin); counts of unmapped and images."""
    from pdfminer.layout import LTChar, LTContainer, LTImage

    chars: list[_Char] = []
    unmapped = images = 0
    x_left, y_top = ltpage.x0, ltpage.y1
    stack = [ltpage]
    while stack:
        for obj in stack.pop():
            if isinstance(obj, LTChar):
                text = obj.get_text()
                if text.startswith("(cid:"):
                    unmapped += 1
                elif obj.upright and text.strip() and obj.x1 > obj.x0:
                    top, bottom = y_top - obj.y1, y_top - obj.y0
                    chars.append(_Char(text, obj.x0 - x_left, top, obj.x1 - x_left, bottom, obj.size))
            elif isinstance(obj, LTImage):
                images += 1
            elif isinstance(obj, LTContainer):
                stack.append(obj)
    return chars, unmapped, images


def _check_file(path: Path, name: str) -> None:
    """A one-line `ReaderError` unless the file starts like a PDF and ends with %%EOF."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1024)
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError as err:
        raise ReaderError(f"{name}: cannot read file ({err.strerror or type(err).__name__})") from None
    if not size:
        raise ReaderError(f"{name}: empty file")
    if b"%PDF-" not in head:
        raise ReaderError(f"{name}: not a PDF file (no %PDF- header)")
    if b"%%EOF" not in tail:
        raise ReaderError(f"{name}: damaged PDF (truncated: no %%EOF at its end)")


def _damaged(name: str, err: Exception) -> ReaderError:
    detail = str(err).splitlines()[0][:120] if str(err) else type(err).__name__
    return ReaderError(f"{name}: damaged PDF ({detail})")


def pdf_pages(path: str | os.PathLike[str]) -> int:
    """How many pages a PDF has (its page tree only: nothing is laid out); 0 when it cannot tell.

    Examples
    --------
    >>> pdf_pages("no/such/page.pdf")
    0
    """
    from pdfminer.pdfpage import PDFPage

    try:
        with open(path, "rb") as fh:
            return sum(1 for _ in PDFPage.get_pages(fh))
    except Exception:  # noqa: BLE001 - any damage means "cannot tell"; reading reports it
        return 0


def read_pdf(path: str | os.PathLike[str], doc_id: str | None = None) -> Iterator[Document | ReaderError]:
    """Read the pages of a PDF as documents, one per page.

    Parameters
    ----------
    path : path-like
        The PDF file.
    doc_id : str, optional
        Id stem of the documents (default: the file's stem); page 3's id is ``<doc_id>#p3``.

    Yields
    ------
    Document or ReaderError
        A `Document` for every page with text (``encoding == "pdf"``, ``page`` and
        ``boxes`` set), a `ReaderError` (not raised) for a page without text or that
        cannot be read; the other pages are read.

    Raises
    ------
    ReaderError
        One line naming the file: not a PDF, encrypted with a password, damaged or
        truncated, or no text on any page (a scanned paper: kg does not do OCR).

    Examples
    --------
    >>> next(read_pdf("no/such/page.pdf"))
    Traceback (most recent call last):
    ...
    kg.errors.ReaderError: no/such/page.pdf: cannot read file (No such file or directory)
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    path = Path(path)
    name = str(path).replace("\n", "\\n")
    stem = doc_id if doc_id is not None else path.stem
    _check_file(path, name)
    with open(path, "rb") as fh:
        try:
            document = PDFDocument(PDFParser(fh))
        except PDFPasswordIncorrect:
            raise ReaderError(
                f"{name}: encrypted PDF (it needs a password; save a copy without one)"
            ) from None
        except PDFEncryptionError as err:
            raise ReaderError(f"{name}: encrypted PDF ({err})") from None
        except Exception as err:  # pdfminer raises many types (syntax, EOF, key, type errors)
            raise _damaged(name, err) from None
        manager = PDFResourceManager()
        pages = PDFPage.create_pages(document)
        number = read = 0
        held: list[Document | ReaderError] = []  # pages before the first one read: errors of the file?
        while True:
            number += 1
            try:
                page = next(pages, None)
                if page is None:
                    break
                device = PDFPageAggregator(manager, pageno=number)
                PDFPageInterpreter(manager, device).process_page(page)
                result = _page(device.get_result(), f"{name}: page {number}")
            except Exception as err:  # pdfminer raises many types (syntax, EOF, key, type errors)
                result = _damaged(f"{name}: page {number}", err)
            if isinstance(result, ReaderError):
                held.append(result)
            else:
                read += 1
                text, boxes, heads = result
                doc = read_text(text, doc_id=f"{stem}#p{number}", headlines=heads)
                held.append(replace(doc, path=str(path), encoding="pdf", page=number, boxes=boxes))
            if read:
                yield from held
                held = []
        if not read:
            if all(NO_TEXT in str(err) for err in held):
                raise ReaderError(
                    f"{name}: {NO_TEXT} on any of its {number - 1} pages (scanned? kg does not do OCR)"
                )
            raise ReaderError(str(held[0]).replace(f"{name}: page 1: ", f"{name}: "))


def _page(ltpage, where: str) -> tuple[str, array, list[int]] | ReaderError:
    """The text and boxes of a pdfminer page, or why there are none."""
    chars, unmapped, images = _page_chars(ltpage)
    if unmapped > MAX_UNMAPPED * (unmapped + len(chars)):
        return ReaderError(f"{where}: text without Unicode (fonts with no ToUnicode map)")
    text, boxes, heads = page_layout(chars)
    if not text.strip():
        what = "an image only" if images else "no text"
        return ReaderError(f"{where}: {NO_TEXT} ({what}: a scanned page? kg does not do OCR)")
    return text, boxes, heads


# ---------------------------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------------------------


def evidence_boxes(doc: Document, start: int, end: int) -> tuple[int | None, tuple[Box, ...] | None]:
    """The page and the boxes of ``doc.raw[start:end]``, ``(None, None)`` for a text document.

    One box per stretch of the span in one column: the boxes of its characters on each line
    are joined, and so are the lines stacked one under the other; a sentence continued in
    the next column has two boxes. Coordinates are rounded to 0.1 point.
    """
    boxes = doc.boxes
    if boxes is None:
        return None, None
    out: list[list[float]] = []
    line: list[float] | None = None

    def flush() -> None:
        if line is None:
            return
        if out:
            last = out[-1]
            stacked = min(last[2], line[2]) - max(last[0], line[0]) > 0
            near = line[1] - last[3] <= 2 * (line[3] - line[1])
            if stacked and near and line[1] >= last[1]:
                last[:] = [min(last[0], line[0]), last[1], max(last[2], line[2]), max(last[3], line[3])]
                return
        out.append(line)

    for k in range(start, min(end, len(doc.raw))):
        if doc.raw[k] == "\n":
            flush()
            line = None
            continue
        x0, top, x1, bottom = boxes[4 * k : 4 * k + 4]
        if math.isnan(x0):
            continue
        if line is None:
            line = [x0, top, x1, bottom]
        else:
            line[:] = [min(line[0], x0), min(line[1], top), max(line[2], x1), max(line[3], bottom)]
    flush()
    return doc.page, tuple(tuple(round(v, 1) for v in box) for box in out)  # type: ignore[misc]
