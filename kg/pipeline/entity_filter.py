"""Drop statistical entities that are not names.

The character NER, trained on CLUENER, also tags ordinary words of government prose
(幸福感 as COMPANY, 齐心协力 as COMPANY, 资源 as PLACE). An entity found by the statistical
model alone (``Span.id_`` empty; rule spans carry their pattern id) is dropped when

- it is one character long, contains sentence punctuation (，。；！？：) or starts or
  ends with a quote mark, or
- every word of it is an ordinary word (lexicon ``COMMON_WORDS``, derived from People's
  Daily tags, plus function words) and it does not end with a head noun of its type
  (``heads``: label → lexicon names, e.g. GOV_ORG → GOV_HEAD).

A PERSON that is a place name of the gazetteer is relabelled PLACE, and a three-character
PLACE that opens with a surname and ends with no place word (``PLACE_END``) PERSON. A PERSON is not a
person when it ends as a body's name does (``BODY_WORD_END``: 常委会, 党工委); a word that
follows names in news (``NAME_TRAIL``: 率, 等, 摄) is cut off a PERSON's end, and so are the
first character of a verb that follows names (``NAME_VERB``: 贺云|调研 read as 贺云调) and
digits (贺云舟3名同志: a count). A three-character PERSON written surname + 家 + a settlement
word (``CLAN_PLACE_END``: 刘家沟, 王家庄) is a clan village, a PLACE.
"""

from typing import Any

import regex as re
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.pipeline.lexicon_store import DerivedFromLexicons, shared_lexicons
from kg.pipeline.names import name_end
from kg.pipeline.tokens import align_to_tokens

_HAN = re.compile(r"\p{Han}+")
_PUNCT = re.compile(r"[，。；！？：,;!?]|^[“”‘’\"']|[“”‘’\"']$")
_TRAILING_COUNT = re.compile(r"[0-9０-９]+$")


class EntityFilter(DerivedFromLexicons):
    """See the module docstring."""

    def __init__(self, nlp: Language, name: str, *, heads: dict[str, list[str]]) -> None:
        self.nlp = nlp
        self.name = name
        self.heads_cfg = heads
        self.common: set[str] = set()
        self.places: set[str] = set()
        self.heads: dict[str, tuple[str, ...]] = {}
        self.trail: tuple[str, ...] = ()
        self.verbs: tuple[str, ...] = ()
        self.surnames: set[str] = set()
        self.place_ends: set[str] = set()
        self.body_end: tuple[str, ...] = ()
        self.clan_place_end: set[str] = set()

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, lexicons: dict[str, Any] | None = None
    ) -> None:
        self._derive(shared_lexicons(nlp or self.nlp) if lexicons is None else lexicons)

    def _derive(self, lex: dict[str, Any]) -> None:
        """The word sets of the filter, from the lexicons."""
        self.common = set(lex.get("COMMON_WORDS", [])) | set(lex.get("FUNCTION_WORDS", []))
        self.common |= set(lex.get("NON_NAME_START", []))
        self.places = set(lex.get("PLACE_NAMES", []))
        self.trail = tuple(lex.get("NAME_TRAIL", []))
        self.verbs = tuple(lex.get("NAME_VERB", []))
        self.surnames = {w for w in lex.get("SURNAME", []) if len(w) == 1}
        ends = ("ADMIN", "FEATURE_HEAD", "PLACE_END")
        self.place_ends = {w[-1] for name in ends for w in lex.get(name, [])}
        self.body_end = tuple(lex.get("BODY_WORD_END", []))
        self.clan_place_end = set(lex.get("CLAN_PLACE_END", []))
        self.heads = {
            label: tuple(h for name in names for h in lex.get(name, []))
            for label, names in self.heads_cfg.items()
        }

    def keep(self, ent: Span) -> bool:
        """Whether a statistical entity looks like a name."""
        if _PUNCT.search(ent.text) or len(ent.text.strip()) < 2:
            return False
        if all(t.text in self.common or t.is_punct or t.is_space for t in ent):
            return ent.text.endswith(self.heads.get(ent.label_, ())) and bool(self.heads.get(ent.label_))
        return True

    def looks_like_person(self, text: str) -> bool:
        """A three-character 'place' that opens with a surname, ends with no place word and
        is no known place is a person's name (曹|振华 read as a place)."""
        return (
            len(text) == 3
            and text[0] in self.surnames
            and text[-1] not in self.place_ends
            and text not in self.places
            and text[:2] not in self.places  # 吕梁|蓝: a place's name and a word
            and _HAN.fullmatch(text) is not None
        )

    def is_clan_village(self, text: str) -> bool:
        """Surname + 家 + a settlement word (刘家沟, 王家庄): a village, never a given name."""
        return (
            len(text) == 3 and text[0] in self.surnames and text[1] == "家" and text[2] in self.clan_place_end
        )

    def person(self, ent: Span) -> tuple[int, int] | None:
        """A statistical PERSON's character span as a name: trailing words cut, body words refused."""
        start, end = ent.start_char, ent.end_char
        text = ent.text
        if count := _TRAILING_COUNT.search(text):
            end -= len(count.group())
            text = text[: count.start()]
            if len(text) < 2:
                return None
        for w in self.trail:
            if text.endswith(w) and len(text) - len(w) >= 2:
                end -= len(w)
                text = text[: -len(w)]
                break
        if text.endswith(self.body_end):
            return None
        return start, name_end(ent.doc.text, start, end, self.verbs)

    def __call__(self, doc: Doc) -> Doc:
        kept: list[Span] = []
        cut: list[tuple[int, int, str]] = []  # persons cut inside a word: realigned below
        for ent in doc.ents:
            if ent.id_:
                kept.append(ent)
            elif ent.label_ == "PERSON" and (ent.text in self.places or self.is_clan_village(ent.text)):
                kept.append(Span(doc, ent.start, ent.end, label="PLACE"))
            elif ent.label_ == "PLACE" and self.looks_like_person(ent.text):
                kept.append(Span(doc, ent.start, ent.end, label="PERSON"))
            elif ent.label_ == "PERSON":
                if self.keep(ent) and (span := self.person(ent)) is not None:
                    if span == (ent.start_char, ent.end_char):
                        kept.append(ent)
                    elif (trimmed := doc.char_span(*span, label="PERSON")) is not None:
                        kept.append(trimmed)
                    else:
                        cut.append((*span, "PERSON"))
            elif self.keep(ent):
                kept.append(ent)
        if cut:
            offsets = [(e.start_char, e.end_char, e.label_, e.id_) for e in kept] + cut
            doc.ents = align_to_tokens(doc, offsets)
        else:
            doc.ents = kept
        return doc
