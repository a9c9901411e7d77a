"""Character classes of a printed page: layout white space and printed width."""

from __future__ import annotations

# Characters that count half a column in a PDF line (punctuation set narrow, ASCII).
_NARROW_CHARS = frozenset("，、。；：？！“”‘’（）《》〈〉【】「」『』…—·")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def is_space(ch: str) -> bool:
    return ch.isspace() or ch in ZERO_WIDTH or (ch < " " and ch not in ALLOWED_CONTROLS) or ch == "\x7f"


def width_of(text: str) -> float:
    """Printed width of a layout line in CJK columns."""
    total = 0.0
    for ch in text:
        if is_space(ch):
            continue
        total += 0.5 if ch in _NARROW_CHARS or ord(ch) < 128 else 1.0
    return total


HEAD_MAX_WIDTH = 40  # a headline or byline line is at most this many columns wide
