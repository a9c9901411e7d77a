"""Reading entry points: a string, bytes or a file to a :class:`Document`."""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from kg.errors import ReaderError
from kg.reader.chars import is_space
from kg.reader.decoding import check_language, decode_bytes, one_line
from kg.reader.document import Document
from kg.reader.pieces import document_of

SAMPLE_NAME = "lvliang_daily_front_page.txt"


def read_text(text: str, doc_id: str = "text", *, headlines: Collection[int] = ()) -> Document:
    """Build a `Document` from an already decoded string.

    Parameters
    ----------
    text : str
        Page text (a leading BOM is removed).
    doc_id : str
        Document id.
    headlines : collection of int
        Offsets in ``text`` of the first character of lines known to be headlines (a PDF
        reader knows them by their type size); other headlines are found by line width.

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
    if not text.strip() or all(is_space(ch) for ch in text):
        raise ReaderError(f"{one_line(doc_id)}: empty text")
    check_language(text, doc_id)
    return document_of(text, doc_id, None, "str", headlines)


def read_bytes(data: bytes, name: str) -> Document:
    """Decode bytes (see `decode_bytes`) and build a `Document` whose id is the stem of `name`.

    Examples
    --------
    >>> doc = read_bytes("2020 年 8 月 18 日".encode("utf-16"), "page.txt")
    >>> doc.id, doc.encoding, doc.text
    ('page', 'utf-16', '2020年8月18日')
    """
    raw, encoding = decode_bytes(data, name)
    check_language(raw, name)
    return document_of(raw, Path(name).stem or str(name), None, encoding)


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
    name = one_line(str(p))
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReaderError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ReaderError(f"{name}: is a directory") from None
    except OSError as exc:
        raise ReaderError(f"{name}: cannot read file ({exc.strerror or type(exc).__name__})") from None
    raw, encoding = decode_bytes(data, name)
    check_language(raw, name)
    return document_of(raw, p.stem, str(p), encoding)


def sample_path() -> Path:
    """Path of the bundled sample page ``kg/sample/lvliang_daily_front_page.txt``.

    Examples
    --------
    >>> sample_path().name
    'lvliang_daily_front_page.txt'
    """
    return Path(__file__).resolve().parent.parent / "sample" / SAMPLE_NAME
