"""Every kind of input ``kg build`` accepts, as documents or one-line failures.

- files: ``.txt``/``.md``/``.text`` (any supported encoding), ``.html``/``.htm`` (tags,
  scripts and styles stripped, text kept), ``.jsonl`` (one ``{"id", "text", "date",
  "source"}`` object a line), ``.pdf`` (one document per page, id ``<stem>#p<page>``, see
  :mod:`kg.reader.pdf`);
- folders, walked recursively for those suffixes (document ids are the paths relative
  to the folder, so ``a/1.txt`` and ``b/1.txt`` stay apart);
- glob patterns (``news/**/*.txt``), expanded here so that they work unquoted too;
- ``-`` for standard input.

A file that cannot be read (binary, empty, undecodable, bad JSON) becomes a
:class:`Failure` naming it and the reason; the caller reports it on one line and goes on.
"""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from kg.errors import ReaderError
from kg.reader.decoding import decode_bytes
from kg.reader.document import Document
from kg.reader.pdf import pdf_pages, read_pdf
from kg.reader.read import read_bytes, read_file, read_text

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIX = ".pdf"
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".jsonl", PDF_SUFFIX}


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: where, and why (one line)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return self.reason if self.reason.startswith(self.source) else f"{self.source}: {self.reason}"


class _TextOf(HTMLParser):
    """The visible text of an HTML page, one line per block element."""

    SKIP = {"script", "style", "noscript", "template", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML page (scripts and styles dropped).

    Examples
    --------
    >>> html_text("<p>市水利局<script>alert(1)</script>局长</p><p>李子荣</p>").split()
    ['市水利局局长', '李子荣']
    """
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _read_html(path: Path, doc_id: str) -> Document:
    raw, encoding = decode_bytes(path.read_bytes(), str(path))
    text = html_text(raw)
    if not text.strip():
        raise ReaderError(f"{path}: no text in this HTML page")
    return replace(read_text(text, doc_id=doc_id), path=str(path), encoding=encoding)


def _read_jsonl(path: Path, prefix: str) -> Iterator[Document | Failure]:
    try:
        data = path.read_bytes()
        lines, _ = decode_bytes(data, str(path))
    except (OSError, ReaderError) as err:
        yield Failure(str(path), str(err))
        return
    for number, line in enumerate(lines.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            yield Failure(where, f"not JSON ({err.msg})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
            yield Failure(where, 'no "text"')
            continue
        doc_id = str(rec.get("id") or f"{prefix}:{number}")
        try:
            doc = read_text(rec["text"], doc_id=doc_id)
        except ReaderError as err:
            yield Failure(where, str(err).removeprefix(f"{doc_id}: "))
            continue
        yield replace(doc, path=str(path), date=rec.get("date"), source=rec.get("source"))


def _read_one(path: Path, doc_id: str) -> Iterator[Document | Failure]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(path, doc_id)
        elif suffix in HTML_SUFFIXES:
            yield _read_html(path, doc_id)
        elif suffix == PDF_SUFFIX:  # a page that cannot be read comes as an error, the others as pages
            for page in read_pdf(path, doc_id):
                yield Failure(str(path), str(page)) if isinstance(page, ReaderError) else page
        else:
            yield replace(read_file(path), id=doc_id)
    except ReaderError as err:
        yield Failure(str(path), str(err))
    except OSError as err:
        yield Failure(str(path), err.strerror or str(err))


STDIN = "-"


def _sources(inputs: Sequence[str | Path]) -> Iterator[tuple[Path, str] | str | Failure]:
    """Each input file with its document id, ``"-"`` for standard input, or a failure, in order."""
    for item in inputs:
        text = str(item)
        if text == STDIN:
            yield STDIN
            continue
        path = Path(text)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not files:
                yield Failure(text, "no .txt, .md, .html, .jsonl or .pdf file in this folder")
            for f in files:
                yield f, f.relative_to(path).with_suffix("").as_posix()
        elif path.exists():
            yield path, path.stem
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file())
            if not matches:
                yield Failure(text, "no file matches this pattern")
            for m in matches:
                yield m, m.with_suffix("").as_posix()
        else:
            yield Failure(text, "no such file or directory")


def iter_documents(
    inputs: Sequence[str | Path], *, stdin: BinaryIO | None = None
) -> Iterator[Document | Failure]:
    """Documents (or failures) for files, folders, globs and ``-``, in a stable order."""
    for source in _sources(inputs):
        if isinstance(source, Failure):
            yield source
        elif source == STDIN:
            data = (stdin or sys.stdin.buffer).read()
            try:
                yield read_bytes(data, "stdin")
            except ReaderError as err:
                yield Failure("stdin", str(err))
        else:
            yield from _read_one(*source)


def count_documents(inputs: Sequence[str | Path]) -> int | None:
    """About how many items :func:`iter_documents` yields, without reading the texts (a progress
    bar's total): a JSON Lines file counts its lines, a PDF its pages. None with standard input.

    Examples
    --------
    >>> count_documents(["no/such/file.txt"]), count_documents(["-"])
    (1, None)
    """
    total = 0
    for source in _sources(inputs):
        if source == STDIN:
            return None
        if isinstance(source, Failure):
            total += 1
            continue
        path = source[0]
        suffix = path.suffix.lower()
        try:
            if suffix == ".jsonl":
                with open(path, "rb") as fh:
                    total += max(1, sum(1 for line in fh if line.strip()))
            elif suffix == PDF_SUFFIX:
                total += max(1, pdf_pages(path))
            else:
                total += 1
        except OSError:
            total += 1
    return total
