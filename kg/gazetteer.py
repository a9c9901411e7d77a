"""China's administrative divisions (province → city → county) from the ``cpca`` package.

``cpca`` (MIT) ships ``resources/adcodes.csv``: 3,500 divisions with 12-digit codes whose
prefixes give the hierarchy (2 digits province, 4 city, 6 county). kg reads the file
without importing ``cpca`` (which loads pandas) and derives the names a text uses:
the full name (吕梁市, 孝义市, 柳林县) and, except for urban districts whose short forms are
ordinary words (和平区, 新华区), the name without its level (吕梁, 孝义, 柳林, 山西).
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_LEVELS = r"自治(?:区|州|县|旗)|特别行政区|省|市|县|区|地区|盟|旗|林区"


# rows of the code table that group divisions but are not places (上海 市辖区)
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Division:
    """One administrative division."""

    code: str
    name: str
    level: str  # "province", "city" or "county"
    parent: str | None


def _adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("kg needs the 'cpca' package for its place gazetteer: pip install cpca")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def _level_suffix() -> re.Pattern:
    """Level words, with the ethnic groups that autonomous areas name (壮族自治区)."""
    with open(_adcodes_path().parent / "56_nations.csv", encoding="utf-8") as fh:
        nations = [line.strip() for line in fh if line.strip() and line.strip() != "name"]
    groups = "|".join(sorted({n.removesuffix("族") for n in nations}, key=len, reverse=True))
    # the name proper keeps at least two characters: 内蒙古自治区 → 内蒙古, not 内
    return re.compile(rf"(?P<name>.{{2,}}?)(?:(?:{groups})族?)*(?:{_LEVELS})")


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """All divisions by 12-digit code."""
    out: dict[str, Division] = {}
    with open(_adcodes_path(), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"]
            if row["name"] in _PLACEHOLDERS:
                continue
            if code[2:] == "0" * 10:
                level, parent = "province", None
            elif code[4:] == "0" * 8:
                level, parent = "city", code[:2] + "0" * 10
            else:
                level, parent = "county", code[:4] + "0" * 8
            out[code] = Division(code, row["name"], level, parent)
    # a county under a placeholder (上海 市辖区|浦东新区) belongs to the province directly
    for code, d in out.items():
        if d.parent and d.parent not in out:
            out[code] = Division(d.code, d.name, d.level, d.code[:2] + "0" * 10)
    return out


def short_name(name: str) -> str | None:
    """The name without its administrative level, or None when that leaves one character.

    Examples
    --------
    >>> short_name("吕梁市"), short_name("广西壮族自治区"), short_name("和县")
    ('吕梁', '广西', None)
    """
    m = _level_suffix().fullmatch(name)
    return m.group("name") if m else None


def place_names(exclude: frozenset[str] = frozenset()) -> list[str]:
    """Every full name and every safe short name of a division, longest first.

    Names in ``exclude`` (ordinary words such as 资源, 合作, 延长, which are also counties)
    are left out.

    Examples
    --------
    >>> names = set(place_names())
    >>> {"吕梁市", "吕梁", "孝义", "柳林县", "山西"} <= names, "郊区" in names
    (True, False)
    >>> "合作" in place_names(exclude=frozenset({"合作"}))
    False
    """
    names: set[str] = set()
    for d in divisions().values():
        if not (len(d.name) == 2 and d.name.endswith("区")):  # 城区, 郊区, 矿区: ordinary words
            names.add(d.name)
        short = short_name(d.name)
        if short and not (d.level == "county" and d.name.endswith("区")):
            names.add(short)
    return sorted(names - exclude, key=lambda n: (-len(n), n))
