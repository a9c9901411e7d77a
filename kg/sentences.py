"""Split normalised text into sentences, keeping character offsets."""

from __future__ import annotations

import re

# A sentence ends at 。！？；… or a line break, together with any closing quotes or brackets
# that follow the final mark (“……。”); long comma-chains are left whole.
_SENT_END = re.compile(r"[。！？!?；;…]+[”’」』）)]*|\n+")
MAX_SENT_CHARS = 2000


def split_sentences(text: str, max_chars: int = MAX_SENT_CHARS) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text`` (whitespace-only ones dropped).

    A sentence longer than ``max_chars`` (a run with no final punctuation) is cut at the
    last comma before the limit, or at the limit, so that memory stays bounded.

    Examples
    --------
    >>> t = "他说：“好。”我们走吧！\\n新段落"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['他说：“好。”', '我们走吧！', '新段落']
    """
    spans = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if text[m.start()] != "\n" else m.start()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while e - s > max_chars:
            cut = max(text.rfind("，", s, s + max_chars), text.rfind(",", s, s + max_chars))
            cut = cut + 1 if cut > s else s + max_chars
            out.append((s, cut))
            s = cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
