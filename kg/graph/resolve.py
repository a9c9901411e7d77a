"""Entity resolution: which surface names of one type denote the same entity.

Rules (each a pattern of Chinese naming, applied within one document and type):

1. *Normal form* (:func:`kg.names.normal_form`): white space and quote marks are dropped,
   《》 around a document title too, so “5G+智慧煤化工”应用实验室 ≡ 5G+智慧煤化工应用实验室.
2. *Head-final shortening*: a Chinese name is head-final, so a shorter name that is a
   suffix of exactly one longer name (or of longer names already resolved to one entity)
   refers to it: 鹏飞集团 ⊂ 孝义鹏飞集团, 市委 ⊂ 吕梁市委, 世界酒文化博览会 ⊂
   第四届…世界酒文化博览会. Ambiguous suffixes (大数据中心 of two centres) stay apart.
   Persons are excluded: a name is not a shortening of another name.
3. *Stem*: a company or place named without its legal form or administrative level:
   离石电缆 ≡ 离石电缆有限公司, 鹏飞 ≡ 鹏飞集团, 吕梁 ≡ 吕梁市.
4. *Contraction*: a name of three or four characters that keeps, in order, characters of
   exactly one longer name of its type and its last character is a contraction of it:
   酒博会 ≡ 世界酒文化博览会. Standard contractions (全会 = 全体会议, lexicon
   ABBREVIATIONS) are expanded in the normal form of events.
5. *Apposition*: two names of one type joined by a dash (山西首家焦化5G应用实验室——鹏飞
   焦化厂的“5G+智慧煤化工”应用实验室) name one thing; the caller passes such pairs.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.names import stem

NO_SHORTENING = {"PERSON"}
MIN_SUFFIX = 2


def is_contraction(short: str, full: str) -> bool:
    """Whether ``short`` keeps characters of ``full`` in order, ending with its last one.

    Examples
    --------
    >>> is_contraction("酒博会", "世界酒文化博览会"), is_contraction("博览会", "世界酒文化博览会")
    (True, True)
    >>> is_contraction("酒会", "世界酒文化博览会"), is_contraction("文化节", "世界酒文化博览会")
    (False, False)
    """
    if not 3 <= len(short) <= 4 or len(full) <= len(short) or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(c in it for c in short)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


CONTRACTED_TYPES = {"EVENT", "ORG", "GOV_ORG", "COMPANY"}


def longer_forms(short: str, names: Iterable[str], label: str) -> list[str]:
    """The names of ``names`` (one type) that ``short`` may be a shorter form of (rules 2–4).

    Examples
    --------
    >>> longer_forms("离石电缆", ["离石电缆有限公司", "鹏飞集团"], "COMPANY")
    ['离石电缆有限公司']
    >>> longer_forms("酒博会", ["世界酒文化博览会"], "EVENT"), longer_forms("张三", ["李张三"], "PERSON")
    (['世界酒文化博览会'], [])
    """
    if label in NO_SHORTENING or len(short) < MIN_SUFFIX:
        return []
    names = [n for n in names if len(n) > len(short)]
    longer = [n for n in names if n.endswith(short) or stem(n, label) == short]
    if not longer and label in CONTRACTED_TYPES:
        longer = [n for n in names if is_contraction(short, n)]
    return longer


def cluster_names(keys: Iterable[str], label: str, same: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """Map each normalised name of one type (one document) to its cluster representative.

    The representative is the longest name of the cluster.

    Examples
    --------
    >>> m = cluster_names(["鹏飞集团", "孝义鹏飞集团", "鹏飞", "鹏飞焦化厂"], "COMPANY")
    >>> m["鹏飞"], m["鹏飞集团"], m["鹏飞焦化厂"]
    ('孝义鹏飞集团', '孝义鹏飞集团', '鹏飞焦化厂')
    >>> m = cluster_names(["华为山西大数据中心", "交城大数据中心", "大数据中心"], "PROJECT")
    >>> m["大数据中心"]
    '大数据中心'
    """
    names = sorted(set(keys), key=lambda k: (-len(k), k))
    uf = _UnionFind()
    for n in names:
        uf.find(n)
    for a, b in same:
        uf.union(a, b)
    for i, short in enumerate(names):
        roots = {uf.find(n) for n in longer_forms(short, names[:i], label)}
        if len(roots) == 1:
            uf.union(short, roots.pop())
    clusters: dict[str, list[str]] = {}
    for n in names:
        clusters.setdefault(uf.find(n), []).append(n)
    rep = {root: max(members, key=lambda k: (len(k), k)) for root, members in clusters.items()}
    return {n: rep[uf.find(n)] for n in names}
