"""Character classes of a printed page: layout white space and printed width."""

from __future__ import annotations

import re

# Characters that count half a column in a PDF line (punctuation set narrow, ASCII).
_NARROW_CHARS = frozenset("，、。；：？！“”‘’（）《》〈〉【】「」『』…—·")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def is_space(ch: str) -> bool:
    return ch.isspace() or ch in ZERO_WIDTH or (ch < " " and ch not in ALLOWED_CONTROLS) or ch == "\x7f"


_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")
_NARROW = re.compile("[" + re.escape("".join(sorted(_NARROW_CHARS))) + r"\x00-\x7f]")


def has_space(text: str) -> bool:
    """Whether ``text`` holds a character :func:`is_space` is true of."""
    return _SPACES.search(text) is not None


def width_of(text: str) -> float:
    """Printed width of a layout line in CJK columns.

    Examples
    --------
    >>> width_of("市委 书记，"), width_of("ab")
    (4.5, 1.0)
    """
    printed = _SPACES.sub("", text)
    return len(printed) - 0.5 * len(_NARROW.findall(printed))


HEAD_MAX_WIDTH = 40  # a headline or byline line is at most this many columns wide
