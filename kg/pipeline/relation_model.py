"""A learned relation classifier over candidate pairs of a sentence's entities.

The frames of :mod:`kg.pipeline.relation_ruler` are precise but literal. This component
scores every pair of entities of a sentence that some relation could join (a person and a
body, a body and a project, a place and what lies in it…) with one logistic regression per
relation over sparse features of the pair:

- the two types and their order; the *skeleton* between them (``⟦TITLE⟧``, ``、⟦PERSON⟧``,
  ``与``…: entities replaced by their type) whole when short, and as unit n-grams; the
  units just before and after the pair and the clause after it (出席, 讲话, 签约…);
- distance, entities and punctuation between, whether the pair is in one clause, whether
  the tail is the nearest of its type;
- *posts*: the chains of organisation and title before a name (市委常委、经开区党工委书记
  张三: 常委 at 市委, 书记 at 经开区党工委), parsed by :func:`post_chains`; a title whose body
  is implied (市长 → 市政府, lexicon ``IMPLIED_ORG``);
- the frame of the relation ruler that found the pair, if one did.

Besides entities, a pair's tail may be a *slot* resolved against the document later
(:mod:`kg.facts.relations`): an anaphor (该公司), the body a title implies (副市长 → the
document's 市政府, when there is one), or the event of the document when a sentence says
出席会议 / 参加 / 主持 without naming it (its generic word, or the verb, stands for it).

Results are appended to ``doc._.kg_relations`` as :class:`~kg.pipeline.candidates.Candidate`
records, as the relation ruler's are, with ``frame="model"`` and the probability as
``score``. The weights are
hashed features (:data:`N_FEATURES` buckets, CRC32), stored sparse; training lives in
:mod:`kg.training.relations`.
"""

import math
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
import regex as re
import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

from kg.models import relation_model_dir
from kg.pipeline.candidates import Arg, Candidate
from kg.pipeline.extensions import set_extensions
from kg.pipeline.lexicon_store import shared_lexicons
from kg.pipeline.tokens import doc_text
from kg.schema import NESTED_KEY, ORG_TYPES, RELATIONS_ATTR

N_FEATURES = 1 << 18
MODEL_FILE = "model.msgpack"
LOCATABLE = ("GOV_ORG", "COMPANY", "ORG", "PROJECT", "EVENT", "PLACE")
NAME_LOCATED = ("COMPANY", "ORG", "PROJECT", "EVENT", "PLACE")  # a body's own place is not a fact
# natural features span divisions: 吕梁山脉 is not located in 吕梁
_FEATURE = re.compile(r"(?:山脉|山|河|江|湖|海|平原|高原|盆地|草原)$")
# relation -> (head types, tail types, symmetric); a tail kind "IMPLIED" is a body named
# by a title, "DOC_EVENT" the event of the document that a sentence refers to
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "HOLDS_POSITION": (("PERSON",), (*ORG_TYPES, "IMPLIED"), False),
    "ATTENDED": (("PERSON",), ("EVENT", "DOC_EVENT"), False),
    "SPOKE_AT": (("PERSON",), ("EVENT", "DOC_EVENT"), False),
    "ORGANIZED": (ORG_TYPES, ("EVENT", "DOC_EVENT"), False),
    "COOPERATES_WITH": ((*ORG_TYPES, "PROJECT"), (*ORG_TYPES, "PROJECT"), True),
    "PART_OF": (ORG_TYPES, ORG_TYPES, False),
    "LOCATED_IN": (LOCATABLE, ("PLACE",), False),
    "RUNS_PROJECT": (ORG_TYPES, ("PROJECT",), False),
    "ISSUED": (ORG_TYPES, ("DOCUMENT",), False),
    "APPROVED": ((*ORG_TYPES, "EVENT"), ("DOCUMENT",), False),
}
MAX_DISTANCE = 80  # characters between the two members of a pair
MAX_EVENT_DISTANCE = 300  # a person and an event: long lists of attendants (张三、李四…等出席)
# what may stand between the names of a list and their verb (张三、李四等市领导出席)
_GLUE = re.compile(r"⟦[A-Z_]+⟧|以及|同志|一行|分别|先后|共同|一同|一起|[、，,和及与等也还]")
_PUNCT = "，、。；：,;:（）()“”《》"
_LINK = re.compile(r"[、兼]")


@dataclass(frozen=True)
class Slot:
    """A pair member: an entity, an anaphor, a body implied by a title or a document event.

    ``start``/``end`` locate it in the sentence (an implied body: its title; a document
    event: the generic word or the verb that stands for it); ``kind`` is ``ent``,
    ``anaphor``, ``implied`` or ``doc_event``.
    """

    start: int
    end: int
    label: str
    text: str
    kind: str = "ent"
    source: str = ""  # the rule that found an entity, or "ner"

    @property
    def role(self) -> str:
        """The type a signature names: ``IMPLIED`` and ``DOC_EVENT`` for those kinds."""
        return {"implied": "IMPLIED", "doc_event": "DOC_EVENT"}.get(self.kind, self.label)

    def as_arg(self) -> Arg:
        """The candidate fact's end this slot is (an implied body at -1)."""
        if self.kind == "implied":
            return Arg.implied(self.text, self.label)
        return Arg(self.start, self.end, self.label, self.text)


@dataclass
class Post:
    """One link of a post chain: a person holds ``title`` at ``body`` (a slot index or an implied name)."""

    person: int
    body: int | None  # index into the slots, None when implied
    implied: str | None
    title: tuple[int, int]  # character span of the title link
    how: str = "chain"  # "chain", "carried" (the body of the name before), "appointed" (张三当选为主任)


def implied_body(title: str, implied: dict[str, str]) -> str | None:
    """The body a title link names by itself (市长 → 市政府, 常务副县长 → 县政府).

    Examples
    --------
    >>> implied_body("代理县长", {"县长": "县政府", "副县长": "县政府"})
    '县政府'
    >>> implied_body("局长", {"县长": "县政府"}) is None
    True
    """
    for k in sorted(implied, key=len, reverse=True):
        if title.endswith(k) and (
            len(title) - len(k) <= 2 and not title[: len(title) - len(k)].endswith("局")
        ):
            return implied[k]
    return None


def title_links(text: str, start: int) -> list[tuple[int, int]]:
    """The links of a title chain as character spans (党组书记、局长 → 党组书记, 局长).

    Examples
    --------
    >>> title_links("副书记、市长", 10)
    [(10, 13), (14, 16)]
    """
    out, pos = [], 0
    for m in _LINK.finditer(text):
        if m.start() > pos:
            out.append((start + pos, start + m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((start + pos, start + len(text)))
    return out


def post_chains(text: str, slots: Sequence[Slot], implied: dict[str, str]) -> list[Post]:
    """Posts stated by chains of body and title before one or more names.

    A chain is a run of ``body? title`` links joined by 、 or ， and followed at once by a
    name or a list of names (张三、李四); each title link holds at the body of its own link,
    else at the body of the link before (市委常委、秘书长 → both at 市委), unless the title
    names its body itself (市委副书记、市长 → 市长 at the implied 市政府).

    Examples
    --------
    >>> t = "市委常委、经开区党工委书记张三"
    >>> s = [Slot(0, 2, "GOV_ORG", "市委"), Slot(2, 4, "TITLE", "常委"),
    ...      Slot(5, 11, "GOV_ORG", "经开区党工委"), Slot(11, 13, "TITLE", "书记"),
    ...      Slot(13, 15, "PERSON", "张三")]
    >>> [(p.person, p.body, t[p.title[0]:p.title[1]]) for p in post_chains(t, s, {})]
    [(4, 0, '常委'), (4, 2, '书记')]
    """
    ents = [k for k, s in enumerate(slots) if s.kind in ("ent", "anaphor")]
    out: list[Post] = []
    links: list[tuple[int | None, int]] = []  # (body slot or None, title slot)
    prev_end = -1
    last_body: int | None = None  # the body of the chain before: 主任郝月生，副主任孙晋军
    last_end = -1
    k = 0
    while k < len(ents):
        s = slots[ents[k]]
        nxt = slots[ents[k + 1]] if k + 1 < len(ents) else None
        if s.label in ORG_TYPES and nxt is not None and nxt.label == "TITLE" and nxt.start == s.end:
            if links and not _glue(text, prev_end, s.start):
                links = []
            links.append((ents[k], ents[k + 1]))
            prev_end = nxt.end
            k += 2
            continue
        if s.label == "TITLE":
            if links and not _glue(text, prev_end, s.start):
                links = []
            links.append((None, ents[k]))
            prev_end = s.end
            k += 1
            continue
        if s.label == "PERSON" and links and s.start == prev_end:
            persons, k, end = _person_list(text, slots, ents, k)
            first = slots[links[0][1]].start if links[0][0] is None else slots[links[0][0]].start
            carry = last_body if links[0][0] is None and text[last_end:first] in ("，", ",") else None
            found = _posts(text, slots, links, persons, implied, carry)
            out.extend(found)
            bodies = [b for b, _ in links if b is not None]
            last_body = bodies[-1] if bodies else (carry if any(p.how == "carried" for p in found) else None)
            last_end = end
            links = []
            continue
        if s.label == "PERSON":  # 张三、李四当选为副主任; 任命张三同志为局长
            persons, k2, end = _person_list(text, slots, ents, k)
            m = _APPOINTED.match(text, end)
            if m and k2 < len(ents) and slots[ents[k2]].start == m.end():
                chain, j = [], k2
                while j < len(ents):
                    t = slots[ents[j]]
                    nxt = slots[ents[j + 1]] if j + 1 < len(ents) else None
                    gap_ok = not chain or _glue(text, slots[chain[-1][1]].end, t.start)
                    if (
                        gap_ok
                        and t.label in ORG_TYPES
                        and nxt is not None
                        and nxt.label == "TITLE"
                        and nxt.start == t.end
                    ):
                        chain.append((ents[j], ents[j + 1]))
                        j += 2
                    elif gap_ok and t.label == "TITLE":
                        chain.append((None, ents[j]))
                        j += 1
                    else:
                        break
                if chain:
                    out.extend(
                        Post(p.person, p.body, p.implied, p.title, "appointed")
                        for p in _posts(text, slots, chain, persons, implied)
                    )
                    k = j
                    links = []
                    continue
        links = []
        k += 1
    return out


_APPOINTED = re.compile(r"(?:同志)?(?:当选为|当选|被任命为|任命为|担任|出任|兼任|任|为)")


def _person_list(text: str, slots: Sequence[Slot], ents: list[int], k: int) -> tuple[list[int], int, int]:
    """The names of a 、-list starting at ``ents[k]``: their slots, the next index, where the list ends."""
    persons = [ents[k]]
    end = slots[ents[k]].end
    k += 1
    while k < len(ents) and slots[ents[k]].label == "PERSON" and text[end : slots[ents[k]].start] == "、":
        persons.append(ents[k])
        end = slots[ents[k]].end
        k += 1
    return persons, k, end


def _posts(
    text: str,
    slots: Sequence[Slot],
    links: list[tuple[int | None, int]],
    persons: list[int],
    implied: dict[str, str],
    carry: int | None = None,
) -> list[Post]:
    out = []
    current: int | None = carry
    for body, t in links:
        if body is not None:
            current = body
        ts = slots[t]
        for n, (ls, le) in enumerate(title_links(ts.text, ts.start)):
            imp = implied_body(text[ls:le], implied)
            explicit = body is not None and n == 0 and not slots[body].text.endswith(("委", "委会", "党组"))
            for p in persons:
                if imp is not None and not explicit:
                    out.append(Post(p, None, imp, (ls, le)))
                elif current is not None:
                    how = "carried" if current == carry and carry is not None else "chain"
                    out.append(Post(p, current, None, (ls, le), how))
    return out


def _glue(text: str, a: int, b: int) -> bool:
    return text[a:b] in ("、", "，", ",", "")


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (2, "1-2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if n <= limit:
            return name
    return "41+"


class Skeleton:
    """A sentence as units (characters, and ``⟦TYPE⟧`` for each entity), sliced by character offset."""

    def __init__(self, text: str, slots: Sequence[Slot]) -> None:
        self.units: list[str] = []
        self.starts: list[int] = []
        pos = 0
        for s in sorted((s for s in slots if s.kind in ("ent", "anaphor")), key=lambda s: (s.start, -s.end)):
            if s.start < pos:
                continue
            self.units.extend(text[pos : s.start])
            self.starts.extend(range(pos, s.start))
            self.units.append(f"⟦{s.label}⟧")
            self.starts.append(s.start)
            pos = s.end
        self.units.extend(text[pos:])
        self.starts.extend(range(pos, len(text)))

    def span(self, start: int, end: int) -> list[str]:
        """The units that start in ``[start, end)``."""
        return self.units[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


class RelationModel:
    """See the module docstring."""

    def __init__(self, nlp: Language, name: str, *, threshold: float = 0.5) -> None:
        self.nlp = nlp
        self.name = name
        self.threshold = threshold
        self.thresholds: dict[str, float] = {}
        self.weights: dict[str, tuple[numpy.ndarray, numpy.ndarray, float]] = {}
        self.lexicons: dict[str, Any] = {}
        self._dense: dict[str, numpy.ndarray] = {}
        self._anaphor_rx: re.Pattern | None = None
        self._generic_rx: re.Pattern | None = None
        self._trigger_rx: re.Pattern | None = None
        set_extensions()

    # ------------------------------------------------------------------ set-up
    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        model: str | None = None,
        lexicons: dict[str, Any] | None = None,
        weights: dict[str, Any] | None = None,
        thresholds: dict[str, float] | None = None,
    ) -> None:
        """Load the trained ``model`` (a folder; default: the one shipped in ``kg/models/relations``),
        or clear and set ``weights`` and ``thresholds``; ``lexicons`` (ANAPHORS, IMPLIED_ORG,
        EVENT_WORDS, ATTEND_VERBS) default to the pipeline's shared ones."""
        self._set_lexicons(shared_lexicons(nlp or self.nlp) if lexicons is None else lexicons)
        if weights is None:
            self._load_weights(srsly.read_msgpack(relation_model_dir(model) / MODEL_FILE))
            return
        self._set_weights(weights, thresholds)

    def _set_lexicons(self, lexicons: dict[str, Any]) -> None:
        keys = ("ANAPHORS", "IMPLIED_ORG", "EVENT_WORDS", "ATTEND_VERBS")
        self.lexicons = {k: v for k, v in lexicons.items() if k in keys}
        self._anaphor_rx = self._generic_rx = self._trigger_rx = None

    def _set_weights(self, weights: dict[str, Any], thresholds: dict[str, float] | None) -> None:
        self.weights, self._dense = {}, {}
        self.thresholds = dict(thresholds or {})
        for rel, (idx, val, bias) in weights.items():
            self.set_weights(
                rel, numpy.asarray(idx, dtype="int64"), numpy.asarray(val, dtype="float32"), bias
            )

    def set_weights(self, relation: str, index: numpy.ndarray, values: numpy.ndarray, bias: float) -> None:
        self.weights[relation] = (index, values, float(bias))
        dense = numpy.zeros(N_FEATURES, dtype="float32")
        dense[index] = values
        self._dense[relation] = dense

    def _rx(self, key: str) -> re.Pattern | None:
        words = self.lexicons.get(key) or []
        if not words:
            return None
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))

    # ------------------------------------------------------------------ candidates
    def slots(self, doc: Doc) -> list[Slot]:
        """The entities of ``doc`` and the slots that stand for a body or an event."""
        text = doc_text(doc)
        out = [Slot(e.start_char, e.end_char, e.label_, e.text, "ent", e.id_ or "ner") for e in doc.ents]
        taken = [(s.start, s.end) for s in out]

        def free(s: int, e: int) -> bool:
            return not any(a < e and s < b for a, b in taken)

        anaphors: dict[str, str] = self.lexicons.get("ANAPHORS", {})
        if anaphors:
            if self._anaphor_rx is None:
                self._anaphor_rx = self._rx("ANAPHORS")
            for m in self._anaphor_rx.finditer(text):
                if free(*m.span()):
                    out.append(Slot(m.start(), m.end(), anaphors[m.group()], m.group(), "anaphor"))
        implied: dict[str, str] = self.lexicons.get("IMPLIED_ORG", {})
        for e in doc.ents:
            if e.label_ != "TITLE":
                continue
            for ls, le in title_links(e.text, e.start_char):
                body = implied_body(text[ls:le], implied)
                if body is not None:
                    out.append(Slot(ls, le, "GOV_ORG", body, "implied"))
        if not any(s.label == "EVENT" for s in out):
            if self._generic_rx is None:
                self._generic_rx = self._rx("EVENT_WORDS")
                self._trigger_rx = self._rx("ATTEND_VERBS")
            m = None
            if self._generic_rx is not None:
                m = next((x for x in self._generic_rx.finditer(text) if free(*x.span())), None)
            if m is None and self._trigger_rx is not None:
                m = next((x for x in self._trigger_rx.finditer(text) if free(*x.span())), None)
            if m is not None:
                out.append(Slot(m.start(), m.end(), "EVENT", m.group(), "doc_event"))
        nested = doc.spans[NESTED_KEY] if NESTED_KEY in doc.spans else ()
        out.extend(Slot(e.start_char, e.end_char, e.label_, e.text, "nested", e.id_ or "ner") for e in nested)
        out.sort(key=lambda s: (s.start, s.end))
        return out

    @staticmethod
    def candidates(slots: Sequence[Slot]) -> Iterator[tuple[int, int, str]]:
        """``(head, tail, relation)`` index pairs that some relation's signature allows."""
        for rel, (heads, tails, symmetric) in SIGNATURES.items():
            for i, a in enumerate(slots):
                if a.role not in heads or a.kind in ("implied", "doc_event", "nested"):
                    continue
                for j, b in enumerate(slots):
                    if i == j or b.role not in tails or b.kind == "nested":
                        continue
                    if symmetric and (j < i and b.role in heads):
                        continue
                    if a.start < b.end and b.start < a.end:
                        continue  # nested or overlapping
                    gap = max(a.start, b.start) - min(a.end, b.end)
                    far = MAX_EVENT_DISTANCE if b.label == "EVENT" and a.label == "PERSON" else MAX_DISTANCE
                    if gap > far:
                        continue
                    yield i, j, rel

        # facts a name states about a name inside it (孝义鹏飞集团 → 孝义)
        for h, host in enumerate(slots):
            if host.kind != "ent":
                continue
            for n, inner in enumerate(slots):
                if inner.kind != "nested" or not (host.start <= inner.start and inner.end <= host.end):
                    continue
                at_head = inner.start in (host.start, host.start + 1)
                if inner.label == "PLACE" and host.label in NAME_LOCATED:
                    if not (host.label == "PLACE" and _FEATURE.search(host.text)):
                        yield h, n, "LOCATED_IN"
                elif inner.label == "COMPANY" and host.label == "PROJECT":
                    yield n, h, "RUNS_PROJECT"
                elif (
                    inner.label in ORG_TYPES and at_head and host.label in ORG_TYPES and inner.end < host.end
                ):
                    yield h, n, "PART_OF"  # organisers and issuers named at the head: kg.facts.relations

    def nested_features(self, slots: Sequence[Slot], i: int, j: int) -> list[str]:
        """Features of a fact between a name and a name inside it."""
        a, b = slots[i], slots[j]
        host, inner = (a, b) if a.kind == "ent" else (b, a)
        where = "head" if inner.start == host.start else ("end" if inner.end == host.end else "mid")
        others = [
            s
            for s in slots
            if s.kind == "nested" and s is not inner and host.start <= s.start and s.end <= host.end
        ]
        f = [
            "nested",
            f"types={host.label}>{inner.label}",
            f"where={where}",
            f"hostlen={_bucket(len(host.text))}",
            f"src={host.source}",
            f"inner={inner.text}",
            f"innersuf={inner.text[-1:]}",
            f"after={host.text[inner.end - host.start : inner.end - host.start + 1]}",
            f"before={host.text[max(0, inner.start - host.start - 1) : inner.start - host.start]}",
        ]
        if inner.label == "PLACE":
            later = [s for s in others if s.label == "PLACE" and s.start > inner.start]
            owner = [
                s for s in others if s.label != "PLACE" and s.start <= inner.start and inner.end <= s.end
            ]
            f.append("last_place" if not later else "not_last_place")
            if owner:
                f.append(f"inside_{owner[0].label}")
        f.extend(f"hin={host.text[k : k + 2]}" for k in range(len(host.text) - 1))
        return [f"N|{x}" for x in f]

    # ------------------------------------------------------------------ features
    def features(
        self, text: str, slots: Sequence[Slot], i: int, j: int, context: dict[str, Any]
    ) -> list[str]:
        """The sparse features of the pair ``(slots[i], slots[j])``; each relation weighs them its own way."""
        sk: Skeleton = context["skeleton"]
        a, b = slots[i], slots[j]
        left, right = (a, b) if a.start <= b.start else (b, a)
        order = "HT" if left is a else "TH"
        f = [f"pair={a.role}>{b.role}", f"order={order}", "bias"]
        between = sk.span(left.end, right.start)
        bt = "".join(between)
        f.append(f"bt={bt}" if len(between) <= 8 else "bt=LONG")
        f.append(f"bt|{order}={bt}" if len(between) <= 4 else f"btlong|{order}")
        f.append(f"gap={_bucket(len(between))}")
        for k, u in enumerate(between):
            f.append(f"b1={u}")
            if k + 1 < len(between):
                f.append(f"b2={u}{between[k + 1]}")
        n_between = sum(1 for s in slots if left.end <= s.start and s.end <= right.start and s.kind == "ent")
        f.append(f"nb={min(n_between, 4)}")
        for lab in ("PERSON", "TITLE", "GOV_ORG", "COMPANY", "EVENT", "PLACE", "PROJECT"):
            if f"⟦{lab}⟧" in between:
                f.append(f"has_{lab}")
        for p in "，、。；：,":
            if p in bt:
                f.append(f"punct={p}")
        if not any(p in bt for p in "，。；,;"):
            f.append("one_clause")
        before = sk.span(max(0, left.start - 6), left.start)
        after = sk.span(right.end, min(len(text), right.end + 12))
        for k, u in enumerate(before[-3:]):
            f.append(f"L{3 - k}={u}")
        if before:
            f.append(f"L12={''.join(before[-2:])}")
        for k, u in enumerate(after[:3]):
            f.append(f"R{k + 1}={u}")
        f.append(f"R12={''.join(after[:2])}")
        clause = []
        for u in after:
            if u in "，。；,;":
                break
            clause.append(u)
        for k in range(len(clause) - 1):
            f.append(f"A2={clause[k]}{clause[k + 1]}")
        # the rest of the sentence after the head (person's verb: 出席…并讲话)
        hv = sk.span(a.end, min(len(text), a.end + 30))
        for k in range(len(hv) - 1):
            if hv[k] in "。；":
                break
            f.append(f"H2={hv[k]}{hv[k + 1]}")
        f.append(f"hsuf={a.text[-2:]}" if a.kind == "ent" else f"hkind={a.kind}")
        f.append(f"tsuf={b.text[-2:]}")
        for side, s in (("h", a), ("t", b)):
            if s.kind != "ent":
                continue
            f.append(f"{side}len={_bucket(len(s.text))}")
            f.append(f"{side}src={s.source}")
            if s.label in ("EVENT", "PROJECT", "PERSON", "COMPANY", "GOV_ORG", "ORG"):
                f.extend(f"{side}in={s.text[k : k + 2]}" for k in range(len(s.text) - 1))
        f.append(f"tkind={b.kind}")
        if b.kind == "doc_event":
            f.append(f"dew={b.text}")
        # nearest of its type
        same = [s for s in slots if s.role == b.role and s is not b and s.kind != "nested"]
        if not any(abs(s.start - a.start) < abs(b.start - a.start) for s in same):
            f.append("nearest_tail")
        same_h = [s for s in slots if s.role == a.role and s is not a and s.kind != "nested"]
        if not any(abs(s.start - b.start) < abs(a.start - b.start) for s in same_h):
            f.append("nearest_head")
        # lists: a name in a 、 list
        if text[a.end : a.end + 1] == "、" or text[max(0, a.start - 1) : a.start] == "、":
            f.append("head_in_list")
        verb = context.get("verbs", {}).get(i)
        if verb is not None:
            f.append(f"pverb={verb}")
            f.append(f"pverb={verb.split('|')[0]}")
            f.append(f"pres={verb.split('|')[1]}")
        # posts
        posts = context.get("posts", {})
        post = posts.get((i, j))
        if post is not None:
            f.append("post")
            f.append(f"post_title={post}")
            f.append(f"post_how={context['post_how'].get((i, j))}")
        elif a.label == "PERSON" and b.role != "EVENT":
            f.append("no_post")
            if context.get("has_post", {}).get(i):
                f.append("person_has_other_post")
        frames = context.get("frames", {}).get((i, j), ())
        for fr in frames:
            f.append(f"frame={fr}")
        if frames:
            f.append("framed")
        return f

    def context(self, text: str, slots: Sequence[Slot], ruled: Iterable[dict]) -> dict[str, Any]:
        """Per-sentence structures the features read: posts and the ruler's frames."""
        implied: dict[str, str] = self.lexicons.get("IMPLIED_ORG", {})
        spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
        how: dict[tuple[int, int], str] = {}
        has_post: dict[int, bool] = {}
        for p in post_chains(text, slots, implied):
            if p.body is not None:
                j = p.body
            else:
                j = next(
                    (k for k, s in enumerate(slots) if s.kind == "implied" and s.start == p.title[0]), -1
                )
                if j < 0:
                    continue
            spans.setdefault((p.person, j), []).append(p.title)
            how[(p.person, j)] = p.how
            has_post[p.person] = True
        posts = {}
        for key, parts in spans.items():
            a, b = parts[0][0], parts[-1][1]
            one = any(s.label == "TITLE" and s.start <= a and b <= s.end for s in slots)
            posts[key] = text[a:b] if one else "、".join(text[x:y] for x, y in parts)
        at = {(s.start, s.end, s.label): k for k, s in enumerate(slots) if s.kind != "implied"}
        implied_at = {s.text: k for k, s in enumerate(slots) if s.kind == "implied"}
        frames: dict[tuple[int, int], list[str]] = {}
        for r in ruled:
            h, t = r.head, r.tail
            hi = at.get((h.start, h.end, h.label))
            ti = implied_at.get(t.text) if t.start < 0 else at.get((t.start, t.end, t.label))
            if hi is not None and ti is not None:
                frames.setdefault((hi, ti), []).append(f"{r.relation}:{r.frame}")
                frames.setdefault((ti, hi), []).append(f"{r.relation}:{r.frame}:rev")
        sk = Skeleton(text, slots)
        verbs = self.person_verbs(text, slots, sk)
        return {
            "posts": posts,
            "post_how": how,
            "has_post": has_post,
            "frames": frames,
            "verbs": verbs,
            "skeleton": sk,
        }

    def person_verbs(self, text: str, slots: Sequence[Slot], sk: Skeleton) -> dict[int, str]:
        """For each person, the first attendance or speech verb after it and what stands between.

        ``张三、李四等市领导出席会议`` gives both ``出席|3-5``: the verb, and how many
        characters other than names, titles and list glue (、等以及…) lie before it.
        """
        if self._trigger_rx is None:
            self._trigger_rx = self._rx("ATTEND_VERBS")
        if self._trigger_rx is None:
            return {}
        ents = [s for s in slots if s.kind in ("ent", "anaphor")]
        verbs = [
            m for m in self._trigger_rx.finditer(text) if not any(e.start <= m.start() < e.end for e in ents)
        ]
        out = {}
        for k, s in enumerate(slots):
            if s.label != "PERSON" or s.kind != "ent":
                continue
            after = next((m for m in verbs if m.start() >= s.end), None)
            if after is None:
                continue
            between = "".join(sk.span(s.end, after.start()))
            if any(c in between for c in "。；;"):
                continue
            residue = _GLUE.sub("", between)
            out[k] = f"{after.group()}|{_bucket(len(residue))}"
        return out

    def featurize(self, doc: Doc) -> tuple[list[Slot], list[tuple[int, int, str]], list[list[str]], dict]:
        """Slots, candidate pairs and their features, for training and prediction alike.

        The features of a pair are computed once and shared by the relations it is a candidate for.
        """
        text = doc_text(doc)
        slots = self.slots(doc)
        ruled = [r for r in (doc._.get(RELATIONS_ATTR) or []) if r.frame != "model"]
        ctx = self.context(text, slots, ruled)
        cands = list(self.candidates(slots))
        by_pair: dict[tuple[int, int], list[str]] = {}
        feats = []
        for i, j, _ in cands:
            f = by_pair.get((i, j))
            if f is None:
                nested = "nested" in (slots[i].kind, slots[j].kind)
                f = self.nested_features(slots, i, j) if nested else self.features(text, slots, i, j, ctx)
                by_pair[(i, j)] = f
            feats.append(f)
        return slots, cands, feats, ctx

    # ------------------------------------------------------------------ prediction
    def score(self, rel: str, feats: list[str]) -> float:
        """The probability that a pair with these features states ``rel``."""
        if rel not in self._dense:
            return 0.0
        return self._probability(rel, numpy.unique(hashed(feats)))

    def _probability(self, rel: str, idx: numpy.ndarray) -> float:
        z = float(self._dense[rel][idx].sum()) + self.weights[rel][2]
        return 1.0 / (1.0 + math.exp(-z))

    def __call__(self, doc: Doc) -> Doc:
        if not self.weights:
            return doc
        text = doc_text(doc)
        slots, cands, feats, ctx = self.featurize(doc)
        found = list(doc._.get(RELATIONS_ATTR) or [])
        seen = {(r.relation, r.head, r.tail) for r in found}
        hashes: dict[int, numpy.ndarray] = {}
        for (i, j, rel), f in zip(cands, feats, strict=True):
            if rel not in self._dense:
                continue
            idx = hashes.get(id(f))
            if idx is None:
                idx = hashes[id(f)] = numpy.unique(hashed(f))
            p = self._probability(rel, idx)
            key = f"{rel}:name" if "nested" in (slots[i].kind, slots[j].kind) else rel
            if p < self.thresholds.get(key, self.thresholds.get(rel, self.threshold)):
                continue
            head, tail = slots[i].as_arg(), slots[j].as_arg()
            if (rel, head, tail) in seen or (rel == "COOPERATES_WITH" and (rel, tail, head) in seen):
                continue
            seen.add((rel, head, tail))
            title = self.title_of(text, slots, i, j, ctx) if rel == "HOLDS_POSITION" else None
            found.append(Candidate(rel, head, tail, title, "model", round(p, 3)))
        doc._.set(RELATIONS_ATTR, found)
        return doc

    @staticmethod
    def title_of(text: str, slots: Sequence[Slot], i: int, j: int, ctx: dict) -> str | None:
        """The title of a post: the chain's link(s) at that body, else the title before the name."""
        post = ctx["posts"].get((i, j))
        if post is not None:
            return post
        person = slots[i]
        body = slots[j]
        if body.kind == "implied":
            return text[body.start : body.end]
        titles = [s for s in slots if s.label == "TITLE" and s.kind == "ent"]
        right_after = [t for t in titles if t.start == body.end]
        if right_after:
            return right_after[0].text
        before = [t for t in titles if t.end == person.start]
        return before[0].text if before else None

    # ------------------------------------------------------------------ serialisation
    # The weights are this component's data (model.msgpack); the lexicons its features read
    # are the pipeline's (kg_lexicons), looked up again when the weights are loaded.

    def _data(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "thresholds": self.thresholds,
            "weights": {
                rel: [idx.tolist(), [round(float(v), 5) for v in val], bias]
                for rel, (idx, val, bias) in self.weights.items()
            },
        }

    def _load_weights(self, data: dict[str, Any]) -> None:
        self.threshold = data.get("threshold", self.threshold)
        self._set_weights(data["weights"], data.get("thresholds"))

    def _load(self, data: dict[str, Any]) -> None:
        self._set_lexicons(shared_lexicons(self.nlp))
        self._load_weights(data)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"model": self._data}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RelationModel":
        util.from_bytes(data, {"model": self._load}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {MODEL_FILE: lambda p: srsly.write_msgpack(p, self._data())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RelationModel":
        util.from_disk(path, {MODEL_FILE: lambda p: self._load(srsly.read_msgpack(p))}, exclude)
        return self


def hashed(feats: Sequence[str]) -> numpy.ndarray:
    """Stable bucket indexes of feature strings (CRC32, not Python's salted ``hash``).

    Examples
    --------
    >>> hashed(["a", "a"]).tolist() == [hashed(["a"])[0]] * 2
    True
    """
    return numpy.fromiter(
        (zlib.crc32(f.encode("utf-8")) & (N_FEATURES - 1) for f in feats), dtype="int64", count=len(feats)
    )
