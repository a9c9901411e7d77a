"""Decoding: the bytes of a text file to a string, or one line saying why it is not text."""

from __future__ import annotations

import unicodedata

import regex

from kg.errors import ReaderError
from kg.reader.chars import ALLOWED_CONTROLS, ZERO_WIDTH

# (BOM, name of the codec that strips it).  UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def one_line(name: str) -> str:
    return str(name).replace("\r", "\\r").replace("\n", "\\n")


def _not_text(name: str, what: str) -> ReaderError:
    return ReaderError(f"{one_line(name)}: not a text file ({what})")


def _suspicious(ch: str) -> bool:
    """True for control characters (other than tab/newlines/form feed) and unassigned code points."""
    if ch in ALLOWED_CONTROLS:
        return False
    cat = unicodedata.category(ch)
    return cat == "Cc" or cat == "Cn" or cat == "Cs"


# what _suspicious finds, as one pattern (a scan in C rather than a call per character)
_SUSPICIOUS = regex.compile(r"(?![\t\n\r\f\v])[\p{Cc}\p{Cn}\p{Cs}]")
_HAN = regex.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002ebef]")
# the common share is estimated on at most this many Han characters, spread over the text
MAX_HAN_CHECKED = 4000


def _check_text(text: str, encoding: str, name: str) -> None:
    """Raise `ReaderError` if the decoded text has lots of control characters."""
    bad = [m.start() for m in _SUSPICIOUS.finditer(text)]
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


# Files that are not text whatever their bytes decode to: the magic numbers of PDF, ZIP (docx,
# xlsx), OLE2 (doc, xls), images, gzip, ELF.
_MAGIC = (
    (b"%PDF-", "a PDF file: name it .pdf to read its pages"),
    (b"PK\x03\x04", "a ZIP archive (docx, xlsx...)"),
    (b"\xd0\xcf\x11\xe0", "an Office document (doc, xls...)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "a program (ELF)"),
)


def file_kind(data: bytes) -> str | None:
    """What a known binary format's magic number says the bytes are, or None.

    Examples
    --------
    >>> file_kind(b"%PDF-1.4 ..."), file_kind("市委".encode())
    ('a PDF file: name it .pdf to read its pages', None)
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


MIN_HAN_CHECKED = 20
MIN_COMMON_SHARE = 0.6


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U0002ebef"


def _is_common_han(ch: str) -> bool:
    """Whether ``ch`` is a common character: in GB 2312's first level (3,755 simplified
    characters, rows 16-55) or Big5's common level (5,401 traditional ones, A440-C67E).

    Examples
    --------
    >>> _is_common_han("说"), _is_common_han("說"), _is_common_han("㐀")
    (True, True, False)
    """
    try:
        gb = ch.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(big5) == 2 and 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E


def check_language(text: str, name: str) -> None:
    """Refuse text kg cannot read as Chinese: no Chinese character at all, or mostly rare ones.

    Chinese prose is written almost entirely with common characters (99.7 % of People's Daily
    1998, at least 97 % of every local-news report kg was measured on, simplified or
    traditional); bytes that are not text but happen to decode (a binary file read as
    GB18030) give Han characters spread over the whole repertoire: about 32 % common.

    Raises
    ------
    ReaderError
        ``"<name>: no Chinese text"`` or ``"<name>: not natural-language text (...)"``.

    Examples
    --------
    >>> check_language("市水利局局长李子荣说。", "a.txt")
    >>> check_language("The mayor of Taiyuan met the delegation.", "b.txt")
    Traceback (most recent call last):
    ...
    kg.errors.ReaderError: b.txt: no Chinese text (kg reads Chinese; this looks like another language)
    """
    han = _HAN.findall(text)
    if not han:
        raise ReaderError(
            f"{one_line(name)}: no Chinese text (kg reads Chinese; this looks like another language)"
        )
    if len(han) >= MIN_HAN_CHECKED:
        han = han[:: max(1, len(han) // MAX_HAN_CHECKED)]
        share = sum(map(_is_common_han, han)) / len(han)
        if share < MIN_COMMON_SHARE:
            raise ReaderError(
                f"{one_line(name)}: not natural-language text ({share:.0%} of its Han characters are "
                "common ones; binary data decoded as text?)"
            )


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
    kg.errors.ReaderError: x.zip: not a text file (a ZIP archive (docx, xlsx...))
    >>> decode_bytes(b"page\\x00\\x01\\x02", "x.bin")
    Traceback (most recent call last):
    ...
    kg.errors.ReaderError: x.bin: not a text file (binary data at byte 4)
    """
    if not data:
        raise ReaderError(f"{one_line(name)}: empty file")
    kind = file_kind(data)
    if kind is not None:
        raise _not_text(name, kind)
    text, encoding = _decode(data, name)
    _check_text(text, encoding, name)
    if not text.strip() or all(ch in ZERO_WIDTH or ch.isspace() for ch in text):
        raise ReaderError(f"{one_line(name)}: empty file")
    return text, encoding
