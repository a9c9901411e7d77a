"""Naming rules shared by resolution, the graph and lookups: the normal form and stems of names.

:func:`normal_form` is the one comparison key of a name in kg (white space and quote marks
dropped; 《》 around a document title; standard contractions of event names expanded;
人民政府 and 政府 one word), and
:func:`stem` strips a company's legal form or a place's administrative level.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicons import lexicon

_DROP = re.compile(r"[\s“”\"'‘’「」『』]")


def normal_form(name: str, label: str | None = None) -> str:
    """The comparison key of a name of type ``label`` (any type when None).

    Examples
    --------
    >>> normal_form("“5G+智慧煤化工” 应用实验室", "PROJECT")
    '5G+智慧煤化工应用实验室'
    >>> normal_form("《行政审批一窗式服务规范》", "DOCUMENT"), normal_form("《规范》")
    ('行政审批一窗式服务规范', '规范')
    >>> normal_form("市委四届十次全会", "EVENT")
    '市委四届十次全体会议'
    >>> normal_form("苍岭县人民政府", "GOV_ORG") == normal_form("苍岭县政府", "GOV_ORG")
    True
    """
    key = _DROP.sub("", name or "")
    if label in ("DOCUMENT", None):
        key = key.strip("《》")
    if label in ("GOV_ORG", None):
        key = key.replace("人民政府", "政府")  # 某县人民政府 and its usual short form 某县政府
    if label == "EVENT":
        for short, full in lexicon("ABBREVIATIONS").items():
            key = key.replace(short, full)
    return key


@lru_cache(maxsize=1)
def _stem_suffixes() -> dict[str, tuple[str, ...]]:
    by_len = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return {
        "COMPANY": by_len(lexicon("COMPANY_HEAD")),
        "PLACE": by_len(["特别行政区", "自治区", "自治州", "自治县", "地区", *lexicon("ADMIN")]),
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
