"""Relations of one document: frame matches resolved to mentions, and facts read off names.

- *Anaphora*: 该公司, 该集团, 该项目… (lexicon ``ANAPHORS``) point to the nearest earlier
  mention of their type in the same article: earlier in the same sentence, else the first
  (topic) mention of that type in the closest preceding sentence, at most
  :data:`ANAPHOR_WINDOW` sentences back. 我市 is not an entity and yields no fact.
- *Implied bodies*: a bare 市长 holds a post at the document's 市政府 (or 市人民政府,
  晋中市人民政府…: :func:`implied_matches`); when the document names no such body, the post
  is kept as a fact about the person only (a mention with ``source == "implied"``, which
  :func:`kg.graph.build.build_graph` keeps in the person's ``posts``, not as an edge to a
  body no sentence names).
- *The document's event*: a sentence that says 出席会议, 会上 or 参加 without naming the
  event refers to the event of the article: the nearest EVENT mention before it in the
  article, else the first after it.
- *Facts read off names* (nested entities): a place inside a name locates it when it says
  more than the document's locality (孝义鹏飞集团 → 孝义 in a 吕梁 paper, but not
  吕梁大数据产业发展大会 → 吕梁; the last, most specific place wins: 山西（汾阳·杏花村）… →
  杏花村; a village is located by its county: 汾阳市贾家庄村); a company's name always
  locates it, province and paper's city included: a registered name opens with the
  division where it is registered (行政区划 + 字号 + 行业 + 组织形式: 山西某某有限公司 → 山西);
  a company at the head of a project's name runs it (华为山西（吕梁）大数据中心); a body at
  the head of a meeting's name organised it (市委四届十次全体会议 → 市委); a works, branch
  or subsidiary named with a company's trade name is part of it (鹏飞焦化厂 → 鹏飞集团).
- *Amounts*: an INVESTS_IN fact carries the sum its sentence states (总投资208亿元).
- *Dates*: a date stated in the sentence (2020年6月17日, or 6月17日 with the year of the
  document's last full date) is normalised to ISO.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.facts.locality import Locality, containers, division_of, locality_of
from kg.facts.types import Mention, Relation, Sentence
from kg.names import stem
from kg.pipeline.candidates import Arg, Candidate
from kg.schema import ORG_TYPES

ANAPHOR_WINDOW = 3
# facts read off names by rule (the relation model reads the others: places, owners, parents)
NAME_RULE_TYPES = frozenset({"LOCATED_IN", "ORGANIZED", "ISSUED"})
LOCATABLE = ("COMPANY", "ORG", "PROJECT", "EVENT", "PLACE")
_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_AMOUNT = re.compile(
    r"(?:总投资|投资|出资|注资|拨款|资金)[^，。；0-9]{0,6}?(\d[\d,.]*\s*(?:万|亿|千万|百万)?\s*(?:元|美元|人民币))"
)
_SETTLEMENT = re.compile(r"(?:村|镇|乡|街道|社区)$")
_BRANCH = re.compile(r"(?:厂|分公司|子公司|分厂|车间|研究院|研发中心)$")


def iso_dates(sentences: Sequence[Sentence]) -> dict[int, str]:
    """ISO date stated in each sentence (the first one), the year carried forward.

    Examples
    --------
    >>> s = [Sentence("d", 0, 0, 9, "2020年6月17日，揭牌", 0, 9),
    ...      Sentence("d", 1, 9, 20, "9月19日开幕", 9, 20)]
    >>> iso_dates(s)
    {0: '2020-06-17', 1: '2020-09-19'}
    """
    out: dict[int, str] = {}
    year: str | None = None
    for s in sentences:
        m = _FULL_DATE.search(s.text)
        if m:
            year = m.group(1)
            out[s.index] = f"{year}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            continue
        m = _DAY.search(s.text)
        if m and year and 1 <= int(m.group(1)) <= 12:
            out[s.index] = f"{year}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return out


def _narrows(place: str, locality: Locality | None) -> bool:
    """Whether a place inside a name says more than the document's locality.

    孝义 in 孝义鹏飞集团 does (a county of the paper's city); 吕梁 in 吕梁大数据产业发展大会 of
    a 吕梁 paper, 山西 in 山西省超级计算中心, or a river in 汾河流域…整治 do not.
    """
    d = division_of(place)
    if d is None:
        return bool(_SETTLEMENT.search(place))
    if locality is None:
        return True
    return d not in (locality.city, locality.province) and d.level != "province"


def implied_matches(body: str, name: str) -> bool:
    """Whether ``name`` names the body that a title implies (``body``: 市政府, 江苏省政府, 国务院).

    Examples
    --------
    >>> [implied_matches("市政府", n) for n in ("市政府", "晋中市人民政府", "县政府", "政府")]
    [True, True, False, False]
    >>> implied_matches("县政府", "兴县人民政府"), implied_matches("江苏省政府", "浙江省政府")
    (True, False)
    """
    name = re.sub(r"\s", "", name)
    if not body.endswith("政府") or len(body) < 3:
        return name == body
    prefix = body[:-2]
    level = prefix[-1]
    m = re.fullmatch(f"(.*){re.escape(level)}(?:人民)?政府", name)
    if m is None:
        return False
    return len(prefix) == 1 or m.group(1) == "" or m.group(1) + level == prefix


def _implied_body(body: str, sent: Sentence, mentions: Sequence[Mention]) -> Mention | None:
    """The mention of the document that an implied body names, nearest the sentence first."""
    found = [m for m in mentions if m.label == "GOV_ORG" and m.start >= 0 and implied_matches(body, m.text)]
    if not found:
        return None
    return min(found, key=lambda m: (m.sent_index != sent.index, abs(m.sent_index - sent.index), m.start))


def _document_event(
    sent: Sentence, start: int, mentions: Sequence[Mention], sentences: dict[int, Sentence]
) -> Mention | None:
    """The event a sentence refers to without naming it: the nearest before, else the first after."""
    article = [
        m
        for m in mentions
        if m.label == "EVENT"
        and not _CLAUSE_VERB.search(m.text)
        and m.start >= 0
        and m.sent_index in sentences
        and sentences[m.sent_index].article == sent.article
    ]
    if not article:
        return None
    before = [m for m in article if m.start < sent.start + start]
    if before:
        return max(before, key=lambda m: m.start)
    return min(article, key=lambda m: m.start)


def _antecedent(
    label: str, sent: Sentence, start: int, mentions: Sequence[Mention], sentences: dict[int, Sentence]
) -> Mention | None:
    same = [m for m in mentions if m.sent_index == sent.index and m.label == label and m.end <= start]
    if same:
        return max(same, key=lambda m: m.start)
    for back in range(1, ANAPHOR_WINDOW + 1):
        i = sent.index - back
        if i not in sentences or sentences[i].article != sent.article:
            break
        earlier = [m for m in mentions if m.sent_index == i and m.label == label]
        if earlier:
            return min(earlier, key=lambda m: m.start)
    return None


def resolve_relations(
    sentences: Sequence[Sentence], mentions: Sequence[Mention], raw: Sequence[tuple[int, Candidate]]
) -> list[Relation]:
    """Turn candidate facts (``doc._.kg_relations``, by sentence index) and names into relations.

    ``sentences`` may be a part of a document: they are looked up by their ``index``.
    """
    by_offset = {(m.start, m.end): m for m in mentions}
    by_index = {s.index: s for s in sentences}
    dates = iso_dates(sentences)
    out: list[Relation] = []

    def mention_of(sent: Sentence, arg: Arg) -> Mention | None:
        s, e, label, text = arg.start, arg.end, arg.label, arg.text
        if s < 0:  # an implied body (市长 → 市政府): the document's mention of it, when it has one
            named = _implied_body(text, sent, mentions)
            return named or Mention(text, label, sent.doc_id, sent.index, -1, -1, -1, -1, "implied")
        if (s + sent.start, e + sent.start) in by_offset:
            return by_offset[(s + sent.start, e + sent.start)]
        if label == "EVENT":  # 出席会议, 会上: the document's event
            return _document_event(sent, s, mentions, by_index)
        return _antecedent(label, sent, s + sent.start, mentions, by_index)

    for index, r in raw:
        sent = by_index[index]
        head, tail = mention_of(sent, r.head), mention_of(sent, r.tail)
        if (
            head is None
            or tail is None
            or (head.start, head.end) == (tail.start, tail.end)
            and head.start >= 0
        ):
            continue
        amount = None
        if r.relation == "INVESTS_IN":
            found = _AMOUNT.search(sent.text)
            amount = re.sub(r"\s", "", found.group(1)) if found else None
        out.append(Relation(r.relation, head, tail, sent, r.title, dates.get(index), r.frame, amount))
    locality = locality_of(m.text for m in mentions if m.label == "PLACE")
    out = [r for r in out if not _own_locality(r, locality) and not _clause_as_event(r)]
    out.extend(name_relations(sentences, mentions, dates, locality, NAME_RULE_TYPES))
    return out


# a verb of attending inside an event's name: the name swallowed its clause (主持会议 in
# "主任张三主持会议" read as one event); an event so named is no one's fact
_CLAUSE_VERB = re.compile(r"主持|出席|参加|列席|宣布|见证|筹备")


def _clause_as_event(r: Relation) -> bool:
    return any(m.label == "EVENT" and _CLAUSE_VERB.search(m.text) for m in (r.head, r.tail))


def _own_locality(r: Relation, locality: Locality | None) -> bool:
    """A place inside a name that says nothing: the paper's own city (吕梁 in a 吕梁 paper's
    吕梁文学季), or a river (汾河流域…整治 lies along the river, not in it)."""
    if r.relation != "LOCATED_IN" or not (r.head.start <= r.tail.start and r.tail.end <= r.head.end):
        return False
    if re.search(r"[河江]$", r.tail.text):
        return True
    return locality is not None and locality.city is not None and division_of(r.tail.text) == locality.city


NAME_LOCATED = ("COMPANY", "ORG", "PROJECT", "EVENT", "PLACE")  # a body's own place: not a fact


def _name_facts(
    host: Mention,
    inner: Sequence[Mention],
    sent: Sentence,
    date: str | None,
    locality: Locality | None = None,
    types: frozenset[str] = frozenset(),
) -> list[Relation]:
    """Facts a name states about the names inside it, of the relation ``types`` (module docstring)."""
    out = []
    places = [
        m
        for m in inner
        if m.label == "PLACE"
        and (host.label == "COMPANY" or _narrows(m.text, locality))
        and (host.label != "PLACE" or m.end < host.end)
    ]
    locatable = host.label in NAME_LOCATED and (host.label != "PLACE" or _SETTLEMENT.search(host.text))
    if "LOCATED_IN" in types and places and locatable:
        place = max(places, key=lambda m: (m.end, -m.start))
        out.append(Relation("LOCATED_IN", host, place, sent, None, date, "name-place"))
    issuers = [m for m in inner if m.label in ORG_TYPES and m.start in (host.start, host.start + 1)]
    if "ISSUED" in types and host.label == "DOCUMENT" and issuers:
        issuer = max(issuers, key=lambda m: m.end)  # the longest: 某委员会代表资格审查委员会关于…的报告
        out.append(Relation("ISSUED", issuer, host, sent, None, date, "name-issuer"))
    for m in inner:
        head = m.start == host.start
        if host.label == "PROJECT" and m.label == "COMPANY":
            out.append(Relation("RUNS_PROJECT", m, host, sent, None, date, "name-owner"))
        elif host.label == "EVENT" and m.label == "GOV_ORG" and head:
            out.append(Relation("ORGANIZED", m, host, sent, None, date, "name-organiser"))
        elif host.label in ORG_TYPES and m.label in ORG_TYPES and head and m.end < host.end:
            out.append(Relation("PART_OF", host, m, sent, None, date, "name-parent"))
    return [r for r in out if r.relation in types]


def name_relations(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    dates: dict[int, str],
    locality: Locality | None = None,
    types: frozenset[str] = frozenset(),
) -> list[Relation]:
    """Facts read off the names themselves (see the module docstring)."""
    out: list[Relation] = []
    by_index = {s.index: s for s in sentences}
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sent.setdefault(m.sent_index, []).append(m)
    for index, ms in by_sent.items():
        if index not in by_index:
            continue
        sent = by_index[index]
        for host in ms:
            inner = [
                m
                for m in ms
                if host.start <= m.start
                and m.end <= host.end
                and m is not host
                and (m.start, m.end) != (host.start, host.end)
            ]
            out.extend(_name_facts(host, inner, sent, dates.get(index), locality, types))
    companies = {m.text: m for m in mentions if m.label == "COMPANY" and m.start >= 0}
    stems = {}
    for name, m in companies.items():
        st = stem(name, "COMPANY")
        if st and not _BRANCH.search(name):
            stems.setdefault(st, m)
    for name, m in companies.items():
        if not _BRANCH.search(name):
            continue
        parents = [p for st, p in stems.items() if name.startswith(st) and p.text != name]
        if len(parents) == 1:
            sent = by_index[m.sent_index]
            out.append(Relation("PART_OF", m, parents[0], sent, None, dates.get(m.sent_index), "name-branch"))
    out.extend(_named_units(mentions, by_index, dates))
    out.extend(_addresses(mentions, by_index, dates))
    return out


def _addresses(
    mentions: Sequence[Mention], by_index: dict[int, Sentence], dates: dict[int, str]
) -> list[Relation]:
    """A place written right after the division that contains it (浙江省湖州市安吉县: 安吉县 in
    湖州市, 湖州市 in 浙江省), by the gazetteer."""
    places = sorted(
        (m for m in mentions if m.label == "PLACE" and m.start >= 0 and m.sent_index in by_index),
        key=lambda m: m.start,
    )
    at = {m.start: m for m in places}
    out = []
    for outer in places:
        inner = at.get(outer.end)
        if inner is None:
            continue
        d_out, d_in = division_of(outer.text), division_of(inner.text)
        if d_out is not None and d_in is not None and d_out in containers(d_in):
            out.append(
                Relation(
                    "LOCATED_IN",
                    inner,
                    outer,
                    by_index[inner.sent_index],
                    None,
                    dates.get(inner.sent_index),
                    "name-address",
                )
            )
    return out


_UNIT = re.compile(
    r"(?:办|办公室|党组|党委|组织部|宣传部|统战部|政法委|纪委|分公司|子公司|分院|分局|分行|支行|研究院|"
    r"委员会|工委|有限公司|公司|研究所|中心|处|科|室)$"
)


def _named_units(
    mentions: Sequence[Mention], by_index: dict[int, Sentence], dates: dict[int, str]
) -> list[Relation]:
    """A unit named as its parent's name and a unit word: 区委办 and 区委, 市政府党组 and 市政府,
    华润电力有限公司东北新能源公司 and 华润电力有限公司 (both names in the document)."""
    orgs = {m.text: m for m in mentions if m.label in ORG_TYPES and m.start >= 0 and m.sent_index in by_index}
    out = []
    for name, m in orgs.items():
        parents = [p for o, p in orgs.items() if len(o) >= 2 and name.startswith(o) and o != name]
        if not parents or not _UNIT.search(name):
            continue
        parent = max(parents, key=lambda p: len(p.text))
        out.append(
            Relation("PART_OF", m, parent, by_index[m.sent_index], None, dates.get(m.sent_index), "name-unit")
        )
    return out
