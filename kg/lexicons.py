"""kg's lexicons, read once: the hand-kept vocabulary, the PD98-derived word lists, place names.

``kg/data/lexicons.zh.json`` holds the vocabulary of the language that rules and resolution
use (head nouns, titles, surnames, function words…), ``kg/data/lexicon_pd98.zh.json`` the word
lists derived from People's Daily tags by ``kg train lexicon``, and ``PLACE_NAMES`` comes from
the gazetteer (:mod:`kg.gazetteer`). Every module asks :func:`load_lexicons` (cached), so the
files are read once per process.

Examples
--------
>>> lex = load_lexicons()
>>> "局" in lex["GOV_HEAD"], "吕梁" in lex["PLACE_NAMES"]
(True, True)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import srsly

DATA_DIR = Path(__file__).parent / "data"
LEXICON_FILES = (DATA_DIR / "lexicons.zh.json", DATA_DIR / "lexicon_pd98.zh.json")


@lru_cache(maxsize=1)
def load_lexicons() -> dict[str, Any]:
    """Every lexicon by name (lists of words; a string is a regex fragment).

    Keys starting with ``_`` (comments) are left out. The result is shared: do not mutate it.
    """
    from kg.gazetteer import place_names

    lexicons = {
        k: v for path in LEXICON_FILES for k, v in srsly.read_json(path).items() if not k.startswith("_")
    }
    lexicons["PLACE_NAMES"] = place_names(exclude=frozenset(lexicons["COMMON_WORDS"]))
    return lexicons


def lexicon(name: str) -> Any:
    """One lexicon of :func:`load_lexicons`.

    Examples
    --------
    >>> lexicon("ABBREVIATIONS")["全会"]
    '全体会议'
    """
    return load_lexicons()[name]
