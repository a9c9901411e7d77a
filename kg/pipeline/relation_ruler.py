"""Relation frames kept as data, matched over a sentence's entity skeleton.

The skeleton of a sentence replaces each entity (and each anaphor such as 该公司) by a
placeholder that names its type and index, keeping the words between them::

    市规划自然资源局党组书记、局长卫海平说
    ⟦GOV_ORG:0⟧⟦TITLE:1⟧⟦PERSON:2⟧说

A frame is a regular expression over skeletons (``kg/data/patterns/relations.zh.jsonl``)
whose named groups ``head``, ``tail`` and ``title`` capture placeholders; a group may repeat
(``(?:(?P<tail>⟦PROJECT:\\d+⟧)、?)+`` gives one fact per project). Slot macros keep frames
short: ``{ORG}`` is any organisation placeholder, ``{PERSON}`` a person, and so on.

Frame keys: ``id``, ``relation``, ``pattern``; optional ``require`` (slot → regex its text
must match, e.g. a PART_OF head ends with a sub-unit head), ``swap`` (head and tail
captured in the other order), ``implied_org`` (the title alone names the body: 市长 → 市政府, from the
lexicon ``IMPLIED_ORG``).

Results go to ``doc._.kg_relations``: a list of :class:`~kg.pipeline.candidates.Candidate`
records whose ``head``/``tail`` are :class:`~kg.pipeline.candidates.Arg` spans; an anaphor's
text is the anaphor itself (resolved later against the document, see
:mod:`kg.facts.relations`). An implied body is ``Arg.implied(name)``, named after a place
right before the title when there is one (江苏省常务副省长 → 江苏省政府).
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex as re
import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

from kg.pipeline.candidates import Arg, Candidate
from kg.pipeline.extensions import set_extensions
from kg.pipeline.lexicon_store import shared_lexicons
from kg.pipeline.regex_ruler import expand_macros
from kg.pipeline.tokens import doc_text, rule_text
from kg.schema import RELATIONS_ATTR

SLOTS = {
    "ORG": "⟦(?:GOV_ORG|COMPANY|ORG):\\d+⟧",
    "GOV_ORG": "⟦GOV_ORG:\\d+⟧",
    "COMPANY": "⟦COMPANY:\\d+⟧",
    "PERSON": "⟦PERSON:\\d+⟧",
    "TITLE": "⟦TITLE:\\d+⟧",
    "PROJECT": "⟦PROJECT:\\d+⟧",
    "EVENT": "⟦EVENT:\\d+⟧",
    "DOCUMENT": "⟦DOCUMENT:\\d+⟧",
    "PLACE": "⟦PLACE:\\d+⟧",
    "ANY": "⟦[A-Z_]+:\\d+⟧",
    "GAP": "[^⟦⟧。；！？]",
    "CLAUSE": "[^⟦⟧，。；！？]",
    "SPAN": "(?:[^⟦⟧。；！？]|⟦[A-Z_]+:\\d+⟧)",
}
_SLOT = re.compile(r"⟦([A-Z_]+):(\d+)⟧")


def skeleton(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace each ``(start, end, label)`` span of ``text`` by ``⟦LABEL:i⟧``.

    Examples
    --------
    >>> skeleton("市水利局局长李子荣说", [(0, 4, "GOV_ORG"), (4, 6, "TITLE"), (6, 9, "PERSON")])
    '⟦GOV_ORG:0⟧⟦TITLE:1⟧⟦PERSON:2⟧说'
    """
    out, pos = [], 0
    for i, (s, e, label) in enumerate(spans):
        out.append(text[pos:s])
        out.append(f"⟦{label}:{i}⟧")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _index(placeholder: str) -> int:
    m = _SLOT.fullmatch(placeholder)
    if m is None:
        raise ValueError(f"not a placeholder: {placeholder!r}")
    return int(m.group(2))


class RelationRuler:
    """See the module docstring."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.frames: list[dict[str, Any]] = []
        self.lexicons: dict[str, Any] = {}
        self._anaphor_rx: re.Pattern | None = None
        self._compiled: list[tuple[dict, re.Pattern]] = []
        set_extensions()

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        frames: Iterable[dict] | None = None,
        lexicons: dict[str, Any] | None = None,
    ) -> None:
        """Clear, then load ``frames`` with ``lexicons`` (ANAPHORS, IMPLIED_ORG, …; default: the
        pipeline's shared ones)."""
        self._load(frames or (), shared_lexicons(nlp or self.nlp) if lexicons is None else lexicons)

    def _load(self, frames: Iterable[dict], lexicons: dict[str, Any]) -> None:
        self.frames, self._compiled = [], []
        self._anaphor_rx = None
        self.lexicons = {k: v for k, v in lexicons.items() if not k.startswith("_")}
        for frame in frames:
            self.add_frame(frame)

    def add_frame(self, frame: dict[str, Any]) -> None:
        missing = {"relation", "pattern"} - set(frame)
        if missing:
            raise ValueError(f"{self.name}: frame {frame!r} lacks {sorted(missing)}")
        lex = {**{k: v for k, v in self.lexicons.items() if k not in SLOTS}, **SLOTS}
        try:
            rx = re.compile(expand_macros(frame["pattern"], lex))
            frame = {
                **frame,
                "_require": {
                    k: re.compile(expand_macros(v, lex)) for k, v in frame.get("require", {}).items()
                },
            }
        except re.error as err:
            raise ValueError(f"{self.name}: bad regex in frame {frame.get('id', frame)!r}: {err}") from None
        self.frames.append({k: v for k, v in frame.items() if k != "_require"})
        self._compiled.append((frame, rx))

    def anaphors(
        self, doc: Doc, ents: list[tuple[int, int, str]] | None = None
    ) -> list[tuple[int, int, str]]:
        """Anaphors (该公司, 该项目…) outside entities, as typed spans."""
        table: dict[str, str] = self.lexicons.get("ANAPHORS", {})
        if not table:
            return []
        if self._anaphor_rx is None:  # one alternation, longest first, compiled once
            self._anaphor_rx = re.compile(
                "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
            )
        taken = [(s, e) for s, e, _ in (ents if ents is not None else self._ents(doc))]
        out = []
        for m in self._anaphor_rx.finditer(doc_text(doc)):
            s, e = m.span()
            if not any(a < e and s < b for a, b in taken):
                out.append((s, e, table[m.group()]))
        return out

    @staticmethod
    def _ents(doc: Doc) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in doc.ents]

    def __call__(self, doc: Doc) -> Doc:
        text = rule_text(doc)
        ents = self._ents(doc)
        spans = ents + self.anaphors(doc, ents)
        spans.sort()
        sk = skeleton(text, spans)
        found: list[Candidate] = []
        seen: set[tuple] = set()
        implied: dict[str, str] = self.lexicons.get("IMPLIED_ORG", {})
        for frame, rx in self._compiled:
            for m in rx.finditer(sk, overlapped=True):
                heads = m.captures("head") if "head" in rx.groupindex else []
                tails = m.captures("tail") if "tail" in rx.groupindex else []
                title = m.captures("title")[-1] if "title" in rx.groupindex and m.captures("title") else None
                title_span = spans[_index(title)] if title else None
                title_text = text[title_span[0] : title_span[1]] if title_span else None
                body = None
                if frame.get("implied_org"):
                    if not title_text or title_text not in implied:
                        continue
                    body = implied[title_text]
                    places = m.captures("place") if "place" in rx.groupindex else []
                    place = places[-1] if places else None
                    if place is not None and body[:1] in "省市县区乡镇":
                        p_s, p_e, _ = spans[_index(place)]
                        body = text[p_s:p_e] + body[1:]  # 江苏省 + 政府, 上海市 + 政府
                    tails = [None]
                for h in heads:
                    for t in tails:
                        hs, he, hl = spans[_index(h)]
                        head = Arg(hs, he, hl, text[hs:he])
                        if t is None:
                            tail = Arg.implied(body)
                        else:
                            ts, te, tl = spans[_index(t)]
                            tail = Arg(ts, te, tl, text[ts:te])
                        req = frame["_require"]
                        if ("head" in req and not req["head"].search(head.text)) or (
                            "tail" in req and not req["tail"].search(tail.text)
                        ):
                            continue
                        if frame.get("swap"):
                            head, tail = tail, head
                        key = (frame["relation"], head, tail)
                        if key in seen or head.span == tail.span:
                            continue
                        seen.add(key)
                        found.append(
                            Candidate(
                                frame["relation"], head, tail, _title(frame, title_text), frame.get("id", "")
                            )
                        )
        doc._.set(RELATIONS_ATTR, found)
        return doc

    # The frames are this component's data; the lexicons are the pipeline's (kg_lexicons).

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {"frames.jsonl": lambda p: srsly.write_jsonl(p, self.frames)}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RelationRuler":
        util.from_disk(
            path,
            {"frames.jsonl": lambda p: self._load(srsly.read_jsonl(p), shared_lexicons(self.nlp))},
            exclude,
        )
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"frames": lambda: self.frames}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RelationRuler":
        util.from_bytes(data, {"frames": lambda v: self._load(v, shared_lexicons(self.nlp))}, exclude)
        return self


def _title(frame: dict, title: str | None) -> str | None:
    if frame["relation"] != "HOLDS_POSITION" or not title:
        return None
    return title
