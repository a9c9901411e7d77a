"""Where a person's name ends when the segmenter has joined it to the verb after it."""

from __future__ import annotations


def name_end(text: str, start: int, end: int, verbs: tuple[str, ...]) -> int:
    """The end of the name ``text[start:end]``, one character shorter when that character opens
    a verb that follows names in news (lexicon ``NAME_VERB``).

    pkuseg reads 贺云调研 as 贺|云调|研: the three-character name 贺云调 is 贺云 followed by 调研.
    A name after which a verb already starts (张国强|调研) is left whole, and a name is never cut
    below two characters.

    Examples
    --------
    >>> name_end("贺云调研临川", 0, 3, ("调研", "强调"))
    2
    >>> name_end("张国强调研", 0, 3, ("调研", "强调"))
    3
    """
    if end - start == 3 and not text.startswith(verbs, end) and text.startswith(verbs, end - 1):
        return end - 1
    return end
