"""Names in a list of persons are persons: coordination joins like with like.

A report lists who attended: "市领导张三、李四、王五等参加". The model and the rules find
most of the names but miss a rare one (a rare surname, a given name that is also a word).
An item of a list made with 、 is a PERSON when

- the item before it is a PERSON, or it is the first item and the item after it is one;
- it is two or three Han characters at word edges, the first a surname (``SURNAME``), and
  it is no ordinary word (``COMMON_WORDS``) nor a known place (``PLACE_NAMES``);
- it ends the list properly: another 、, 等, punctuation, or a verb that follows names
  (``NAME_VERB``: 出席, 参加…), and does not end with a word that follows names
  (``NAME_TRAIL``: 等, 率);
- no rule found anything else there (a statistical entity of another type is replaced).

A name transliterated with middle dots (某某江·某某木) is an item of its own kind: its
parts need no surname and may be longer, but hold no ordinary word.
"""

from __future__ import annotations

from typing import Any

import regex as re
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.pipeline.lexicon_store import DerivedFromLexicons, shared_lexicons

SOURCE = "person-in-list"
_AFTER = "、等，。；,;）)"
_DOTTED = re.compile(r"\p{Han}{2,8}(?:·\p{Han}{1,8}){1,3}")
_ITEM_START = "、，,：:。；;（("


class NameLists(DerivedFromLexicons):
    """See the module docstring."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.surnames: set[str] = set()
        self.common: set[str] = set()
        self.places: set[str] = set()
        self.verbs: tuple[str, ...] = ()
        self.trail: tuple[str, ...] = ()

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, lexicons: dict[str, Any] | None = None
    ) -> None:
        self._derive(shared_lexicons(nlp or self.nlp) if lexicons is None else lexicons)

    def _derive(self, lex: dict[str, Any]) -> None:
        self.surnames = {w for w in lex.get("SURNAME", []) if len(w) == 1}
        self.common = set(lex.get("COMMON_WORDS", []))
        self.places = set(lex.get("PLACE_NAMES", []))
        self.verbs = tuple(lex.get("NAME_VERB", []))
        self.trail = tuple(lex.get("NAME_TRAIL", []))

    def _is_name(self, doc: Doc, start: int, end: int, edges: set[int]) -> bool:
        text = doc.text[start:end]
        return (
            start in edges
            and end in edges
            and text[0] in self.surnames
            and all("\u4e00" <= c <= "\u9fff" for c in text)
            and text not in self.common
            and text not in self.places
            and not text.endswith(self.trail)
        )

    def _dotted(self, doc: Doc, start: int, end: int, edges: set[int], owner: dict[int, Span]) -> bool:
        """A transliterated name at word edges, of no ordinary word, that ends its item and that
        no rule took."""
        return (
            start in edges
            and not any(start <= t.idx < end and t.text in self.common for t in doc)
            and end in edges
            and self._ends_item(doc.text, end)
            and not doc.text.endswith(self.trail, start, end)
            and self._free(owner, start, end)
        )

    def _ends_item(self, text: str, end: int) -> bool:
        return end == len(text) or text[end] in _AFTER or text.startswith(self.verbs, end)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        if "、" not in text:
            return doc
        edges = {t.idx for t in doc} | {t.idx + len(t) for t in doc}
        owner: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start_char, ent.end_char):
                owner[i] = ent
        person_end = {e.end_char for e in doc.ents if e.label_ == "PERSON"}
        person_start = {e.start_char for e in doc.ents if e.label_ == "PERSON"}
        found: list[tuple[int, int]] = []
        for i, ch in enumerate(text):
            if ch != "、":
                continue
            if (
                i in person_end
                and (m := _DOTTED.match(text, i + 1))
                and self._dotted(doc, *m.span(), edges, owner)
            ):
                found.append(m.span())
            elif i in person_end:  # the item after a person: 、X
                for n in (3, 2):
                    if self._free(owner, i + 1, i + 1 + n) and self._is_name(doc, i + 1, i + 1 + n, edges):
                        if self._ends_item(text, i + 1 + n):
                            found.append((i + 1, i + 1 + n))
                            break
            if i + 1 not in person_start:
                continue
            # the item before a person: X、
            start = max(text.rfind(c, 0, i) for c in _ITEM_START) + 1
            if _DOTTED.fullmatch(text, start, i) and self._dotted(doc, start, i, edges, owner):
                found.append((start, i))
            else:
                for n in (3, 2):
                    s = i - n
                    if s >= 0 and self._free(owner, s, i) and self._is_name(doc, s, i, edges):
                        if n == 2 and s > 0 and text[s - 1] in self.surnames:
                            break  # 苗|怀瑾 or 苗怀瑾: the start of the list is unsure
                        found.append((s, i))
                        break
        if not found:
            return doc
        new = [doc.char_span(s, e, label="PERSON", span_id=SOURCE) for s, e in found]
        new = [s for s in new if s is not None]
        kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in new)]
        doc.ents = filter_spans(kept + new)
        return doc

    @staticmethod
    def _free(owner: dict[int, Span], start: int, end: int) -> bool:
        """No rule entity and no PERSON there; a statistical entity only if it is exactly the span."""
        ents = {owner[i] for i in range(start, end) if i in owner}
        return all(
            not e.id_ and e.label_ != "PERSON" and (e.start_char, e.end_char) == (start, end) for e in ents
        )
