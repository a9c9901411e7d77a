"""A character-level span ruler: regular-expression patterns kept as data.

spaCy's ``SpanRuler`` matches tokens; Chinese entity boundaries often fall inside
pkuseg words (市生态环境局水生态保护科 is one run of words with no space), and the
patterns of the language are suffix families and frames over characters. This ruler
keeps the same shape as ``SpanRuler`` (patterns as JSONL, ``initialize``/``add_patterns``
/``clear``/``to_disk``) but matches regular expressions over ``doc.text`` and splits
tokens where a match starts or ends inside a word.

A pattern is one JSON object per line::

    {"id": "doc-brackets", "label": "DOCUMENT", "pattern": "《[^《》]{2,40}》"}

Optional keys:

- ``group``: the named group holding the entity (default: the whole match);
- ``split``: a regex separating several entities inside the group (enumerations
  "A、B、C等项目" give one entity per item);
- ``min_len``: minimum length of an entity (default 2);
- ``reject``: a regex; an entity that matches it (``re.search``) is dropped;
- ``require``: a regex; an entity that does not match it is dropped;
- ``snap``: when true, an entity that starts inside a pkuseg word starts at the next word
  instead, and leading words listed in the lexicon ``NON_NAME_START`` (verbs, adverbs,
  prepositions…: 有助于|鹏飞集团, 列为|全省…) are dropped;
- ``overwrite``: when true (default), the rule span replaces overlapping entities
  found by earlier components; when false it only fills gaps;
Patterns, ``reject`` and ``require`` may use ``{NAME}`` placeholders, expanded from the
ruler's lexicons (``kg/data/lexicons.zh.json``) before compiling. Regexes use the
``regex`` module (variable-length look-behind for frames, ``\\p{Han}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import regex as re
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.pipeline.char_ner import align_to_tokens

PatternType = dict[str, Any]
_MACRO = re.compile(r"\{([A-Z_]+)\}")


def expand_macros(pattern: str, lexicons: dict[str, list[str] | str]) -> str:
    """Replace ``{NAME}`` by the lexicon ``NAME``.

    A list becomes a non-capturing alternation of literals, longest first so that the
    regex prefers them; a string is a raw regex fragment, itself expanded.

    Examples
    --------
    >>> expand_macros("{HEAD}$", {"HEAD": ["局", "委员会"]})
    '(?:委员会|局)$'
    >>> expand_macros("{CH}+", {"CH": "[a-z]"})
    '[a-z]+'
    """

    def repl(m: re.Match) -> str:
        name = m.group(1)
        if name not in lexicons:
            raise ValueError(f"pattern uses unknown lexicon {{{name}}}; known: {sorted(lexicons)}")
        value = lexicons[name]
        if isinstance(value, str):
            return expand_macros(value, lexicons)
        alts = sorted(value, key=lambda s: (-len(s), s))
        return "(?:" + "|".join(re.escape(a) for a in alts) + ")"

    return _MACRO.sub(repl, pattern)


class RegexRuler:
    """Regex span ruler over characters (see module docstring)."""

    def __init__(
        self, nlp: Language, name: str, *, overwrite: bool = True, mask: str | None = "FUNCTION_WORDS"
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.overwrite = overwrite
        self.mask = mask
        self.patterns: list[PatternType] = []
        self.lexicons: dict[str, list[str] | str] = {}
        self._compiled: list[tuple] = []
        self._non_name_start: set[str] = set()

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({p["label"] for p in self.patterns}))

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        patterns: Sequence[PatternType] | None = None,
        lexicons: dict[str, list[str] | str] | None = None,
    ) -> None:
        """Clear, then load ``lexicons`` and ``patterns``."""
        self.clear()
        if lexicons:
            self.lexicons = {k: v for k, v in lexicons.items() if not k.startswith("_")}
        self._non_name_start = set(self.lexicons.get("NON_NAME_START", []))
        if patterns:
            self.add_patterns(patterns)

    def add_patterns(self, patterns: Iterable[PatternType]) -> None:
        """Validate, expand and compile ``patterns``."""
        for p in patterns:
            missing = {"label", "pattern"} - set(p)
            if missing:
                raise ValueError(f"{self.name}: pattern {p!r} lacks {sorted(missing)}")
            try:
                rx = re.compile(expand_macros(p["pattern"], self.lexicons))
                split = re.compile(p["split"]) if p.get("split") else None
                reject = re.compile(expand_macros(p["reject"], self.lexicons)) if p.get("reject") else None
                require = re.compile(expand_macros(p["require"], self.lexicons)) if p.get("require") else None
            except re.error as err:
                raise ValueError(f"{self.name}: bad regex in pattern {p.get('id', p)!r}: {err}") from None
            self.patterns.append(dict(p))
            self._compiled.append((p, rx, split, reject, require))

    def clear(self) -> None:
        self.patterns = []
        self._compiled = []

    def _snap(self, s: int, e: int, words: dict[int, str]) -> int:
        """Move ``s`` to a word start, past leading non-name words."""
        skip = self._non_name_start
        while s < e and (s not in words or words[s] in skip):
            s += len(words[s]) if s in words else 1
        return s

    def match(self, text: str, words: dict[int, str] | None = None) -> list[tuple[int, int, str, bool]]:
        """All ``(start, end, label, overwrite)`` character spans matched in ``text``.

        ``words`` maps the offset of each word to its text; ``snap`` patterns need it.
        """
        found = []
        for p, rx, split, reject, require in self._compiled:
            group = p.get("group", 0)
            min_len = p.get("min_len", 2)
            overwrite = p.get("overwrite", self.overwrite)
            for m in rx.finditer(text):
                if m.group(group) is None:
                    continue
                start, end = m.span(group)
                pieces = [(start, end)]
                if split is not None:
                    pieces, pos = [], start
                    for sep in split.finditer(text, start, end):
                        pieces.append((pos, sep.start()))
                        pos = sep.end()
                    pieces.append((pos, end))
                for s, e in pieces:
                    while s < e and text[s].isspace():
                        s += 1
                    if p.get("snap") and words:
                        s = self._snap(s, e, words)
                    while e > s and text[e - 1].isspace():
                        e -= 1
                    name = text[s:e]
                    if e - s < min_len or (reject is not None and reject.search(name)):
                        continue
                    if require is not None and not require.search(name):
                        continue
                    found.append((s, e, p["label"], overwrite))
        return found

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, str, bool]]) -> None:
        spans = align_to_tokens(doc, [(s, e, label) for s, e, label, _ in matches])
        strong = {(s, e) for s, e, _, ow in matches if ow}
        rule_strong = [sp for sp in spans if (sp.start_char, sp.end_char) in strong]
        rule_weak = [sp for sp in spans if (sp.start_char, sp.end_char) not in strong]
        kept: list[Span] = filter_spans(rule_strong)
        taken = {i for sp in kept for i in range(sp.start, sp.end)}
        for ent in [*doc.ents, *filter_spans(rule_weak)]:
            if not any(i in taken for i in range(ent.start, ent.end)):
                kept.append(ent)
                taken.update(range(ent.start, ent.end))
        doc.ents = sorted(kept, key=lambda sp: sp.start)

    def masked_text(self, doc: Doc) -> str:
        """``doc.text`` with every token that is a whole function word replaced by the MASK char.

        Masking by token, not by character, keeps 为 inside 华为 while 为 the preposition
        becomes a boundary; offsets are unchanged.
        """
        words = self.lexicons.get(self.mask or "", [])
        mask_char = str(self.lexicons.get("MASK", "\ue000"))
        if not words:
            return doc.text
        stop = set(words)
        chars = list(doc.text)
        for t in doc:
            if t.text in stop:
                chars[t.idx : t.idx + len(t.text)] = mask_char * len(t.text)
        return "".join(chars)

    def __call__(self, doc: Doc) -> Doc:
        words = {t.idx: t.text for t in doc}
        self.set_annotations(doc, self.match(self.masked_text(doc), words))
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "patterns.jsonl", self.patterns)
        srsly.write_json(path / "lexicons.json", self.lexicons)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RegexRuler:
        path = Path(path)
        self.initialize(
            patterns=list(srsly.read_jsonl(path / "patterns.jsonl")),
            lexicons=srsly.read_json(path / "lexicons.json"),
        )
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"patterns": self.patterns, "lexicons": self.lexicons})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RegexRuler:
        cfg = srsly.msgpack_loads(data)
        self.initialize(patterns=cfg["patterns"], lexicons=cfg["lexicons"])
        return self
