"""Naming rules shared by the fact and graph stages: stems of company and place names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import srsly

LEXICONS = Path(__file__).parent / "data" / "lexicons.zh.json"


@lru_cache(maxsize=1)
def _stem_suffixes() -> dict[str, tuple[str, ...]]:
    lex = srsly.read_json(LEXICONS)
    by_len = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return {
        "COMPANY": by_len(lex["COMPANY_HEAD"]),
        "PLACE": by_len(["特别行政区", "自治区", "自治州", "自治县", "地区", *lex["ADMIN"]]),
    }


def stem(key: str, label: str) -> str | None:
    """The name without its legal form (companies) or administrative level (places).

    Examples
    --------
    >>> stem("离石电缆有限公司", "COMPANY")
    '离石电缆'
    >>> stem("吕梁市", "PLACE")
    '吕梁'
    >>> stem("市委", "GOV_ORG") is None
    True
    """
    for suffix in _stem_suffixes().get(label, ()):
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            return key[: -len(suffix)]
    return None
