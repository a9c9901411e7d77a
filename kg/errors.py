"""Exception types shared by the ``kg`` package."""

from __future__ import annotations


class ReaderError(ValueError):
    """An input cannot be read as newspaper text.

    The message is a single line that names the input and the problem, e.g.
    ``"page.bin: not a text file (binary data at byte 12)"``.
    """
