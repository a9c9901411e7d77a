"""The locality of a document, and names that are relative to it.

市委, 市水利局, 省委, 县政府 name a different body in every city. A document's locality is
read from the gazetteer: the city-level division its places point to most often (a
county counts for its city), and that city's province; ``--locality`` overrides it.
Relative names are then qualified: in a 吕梁 article, 市水利局 is 吕梁市水利局 and 省委 is
山西省委, so two cities' 市水利局 never merge while 市水利局 and 吕梁市水利局 do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kg.gazetteer import Division, divisions, short_name

RELATIVE_LEVELS = {"省": "province", "市": "city"}


@dataclass(frozen=True)
class Locality:
    """The city and province a document is about (either may be None)."""

    city: Division | None
    province: Division | None

    def qualify(self, key: str) -> str:
        """``key`` with its relative level made absolute (市水利局 → 吕梁市水利局).

        Examples
        --------
        >>> loc = locality_of(["吕梁", "孝义", "山西"])
        >>> loc.qualify("市水利局"), loc.qualify("省委"), loc.qualify("党中央")
        ('吕梁市水利局', '山西省委', '党中央')
        """
        level = RELATIVE_LEVELS.get(key[:1])
        # in a municipality (上海市) the province-level unit is also the 市
        city = self.city or (self.province if self.province and self.province.name.endswith("市") else None)
        if level == "city" and city and not key.startswith("市场"):
            return city.name + key[1:]
        if level == "province" and self.province:
            return self.province.name + key[1:]
        return key

    @property
    def name(self) -> str:
        return (self.city or self.province).name if (self.city or self.province) else ""


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    out: dict[str, list[Division]] = {}
    for d in divisions().values():
        out.setdefault(d.name, []).append(d)
        short = short_name(d.name)
        if short:
            out.setdefault(short, []).append(d)
    return out


def division_of(name: str) -> Division | None:
    """The division a place name denotes, when it denotes exactly one (provinces and cities first)."""
    found = _by_name().get(name, [])
    for level in ("province", "city", "county"):
        at = [d for d in found if d.level == level]
        if len(at) == 1:
            return at[0]
        if at:
            return None
    return None


def containers(d: Division) -> list[Division]:
    """The divisions that contain ``d``, nearest first (孝义市 → 吕梁市, 山西省)."""
    out = []
    while d.parent and d.parent in divisions():
        d = divisions()[d.parent]
        out.append(d)
    return out


def locality_of(place_names: Iterable[str], override: str | None = None) -> Locality:
    """The dominant city (and its province) of a document's place mentions."""
    if override:
        d = division_of(override)
        if d is None:
            raise ValueError(f"--locality {override!r} is not a province or city of the gazetteer")
        chain = [d, *containers(d)]
        return Locality(
            next((x for x in chain if x.level == "city"), None),
            next((x for x in chain if x.level == "province"), None),
        )
    cities: Counter = Counter()
    provinces: Counter = Counter()
    for name in place_names:
        d = division_of(name)
        if d is None:
            continue
        chain = [d, *containers(d)]
        for x in chain:
            if x.level == "city":
                cities[x.code] += 1
            elif x.level == "province":
                provinces[x.code] += 1
    city = divisions()[cities.most_common(1)[0][0]] if cities else None
    if city:
        province = divisions()[city.parent] if city.parent in divisions() else None
    else:
        province = divisions()[provinces.most_common(1)[0][0]] if provinces else None
    return Locality(city, province)
