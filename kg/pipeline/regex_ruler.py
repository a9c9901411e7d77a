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
- ``reject_words``: lexicon names; an entity that is one of their words is dropped;
- ``snap``: when true, an entity that starts inside a pkuseg word starts at the next word
  instead, and leading words listed in the lexicon ``NON_NAME_START`` (verbs, adverbs,
  prepositions…: 有助于|鹏飞集团, 列为|全省…) are dropped;
- ``mask``: false matches the text as written, function words unmasked (关于…的报告);
- ``or_proper_word``: a span that fails ``require`` passes when it opens with a word of two
  or more Han characters that is no ordinary word, and has three words or more (a trade
  name: 晶科|蓝宝石|生产|项目);
- ``past_verbs``: when true, an entity that holds a non-name word (a verb, adverb or
  preposition of ``NON_NAME_START``) starts after the last one (张三考察|某集团 → 某集团:
  the clause before a name is not part of it); ``"first"``: only the first piece of a
  ``split`` match is moved (and snapped), since the separators bound the others;
- ``word_end``: when true, an entity that ends inside a pkuseg word is cut back to the last
  word end inside it, and dropped when that leaves less than ``min_len`` (郑鹏|介绍: a
  greedy 郑鹏介 becomes 郑鹏); with ``trail`` (lexicon names), an end right before one of
  their words counts as a word end (张三|率, which pkuseg may read as one word); with
  ``name_verbs`` (a lexicon name), a three-character name whose last character opens one of
  its verbs loses that character (贺云|调研 read as 贺|云调|研; :func:`kg.pipeline.names.name_end`);
- ``align``: ``"words"`` drops an entity whose start or end falls inside a word (a word
  edge is a pkuseg token edge, punctuation, or a change of script: 京津冀|2+26);
- ``max_words``: drop an entity that spans more words than this;
- ``prefer``: ``"shortest"`` keeps, of this pattern's matches that end at one offset, the
  shortest (建设|黄河 → 黄河; 汾渭|平原 stays whole since 平原 alone is rejected);
- ``overlapped``: find overlapping matches too (a gazetteer name may start inside an
  earlier candidate); usually with ``align``;
- ``anchor`` and ``reach``: a regex every match contains (the head noun of a suffix
  family: 会议, 公司…) and the most characters a match, with its look-around, extends
  either side of it. The pattern is then tried only within ``reach`` of an anchor, not at
  every offset: same matches, several times faster (a test checks the sameness);
- ``within``: a list of labels: the pattern is matched inside entities of those labels
  only, and what it finds is a *nested* entity (华为 in 华为山西（吕梁）大数据中心);
- ``overwrite``: ``true`` (default): the rule span replaces overlapping entities found by
  earlier components; ``"statistical"``: it replaces overlapping entities of the
  statistical NER but not those of rules (their ``Span.id_`` is the pattern id), nor a
  statistical PERSON that holds it (韩永和: a county's name as a given name);
  ``false``: it only fills gaps;
Nested entities (rule matches inside a kept entity of another type, and ``within`` matches)
are kept in ``doc.spans[nested_key]``: the name of a project often holds its owner and its
place (孝义|鹏飞集团, 华为|山西（吕梁）大数据中心).

Patterns, ``reject`` and ``require`` may use ``{NAME}`` placeholders, expanded from the
ruler's lexicons (``kg/data/lexicons.zh.json``) before compiling. Regexes use the
``regex`` module (variable-length look-behind for frames, ``\\p{Han}``); a pattern that
needs none of its extensions is run by the standard library's ``re`` instead, which
scans a gazetteer alternation several times faster (:class:`Scanner`).
"""

import re as stdlib_re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import regex as re
import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.pipeline.lexicon_store import shared_lexicons
from kg.pipeline.names import name_end
from kg.pipeline.tokens import align_to_tokens, rule_text, token_texts
from kg.schema import NESTED_KEY

PatternType = dict[str, Any]
_HAN_WORD = re.compile(r"\p{Han}+")


def _is_edge(text: str, i: int, word_edges: set[int]) -> bool:
    """Whether offset ``i`` is a word edge: a token edge, the text's ends, next to punctuation
    or white space, or a change between Han and other characters."""
    if i <= 0 or i >= len(text) or i in word_edges:
        return True
    a, b = text[i - 1], text[i]
    if not (a.isalnum() and b.isalnum()):
        return True
    return _is_han(a) != _is_han(b)


# conjunctions that join two quantities inside one name (年产5万吨A和500万立方米B项目)
_QUANTITY_JOINERS = frozenset({"和", "及", "与"})
_CLOSES = {"”": "“", "’": "‘", "）": "（", ")": "(", "》": "《", "】": "【", "」": "「"}
_OPENS = frozenset(_CLOSES.values())


def balanced_start(text: str, start: int, end: int) -> int | None:
    """The start of ``text[start:end]`` once its quotes and brackets pair up, or None.

    A name never holds half a pair: a mark closed in the span but opened before it puts
    the name after the mark (600869）某产业园 → 某产业园); a mark opened and not closed
    means the span began inside a quotation or runs out of one (“抓项目, 聚力“某某基地), and
    it is no name.

    >>> balanced_start("“十四五”规划", 0, 7), balanced_start("股票600869）某产业园", 0, 13)
    (0, 9)
    >>> balanced_start("聚力“两城三区", 0, 7) is None
    True
    """
    stack: list[str] = []
    for i in range(start, end):
        c = text[i]
        if c in _OPENS and not (c == "‘" and stack and stack[-1] == "‘"):
            stack.append(c)
        elif c in _CLOSES:
            if stack and stack[-1] == _CLOSES[c]:
                stack.pop()
            elif not stack:
                start = i + 1
            else:
                return None
    return None if stack else start


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


_MACRO = re.compile(r"\{([A-Z_]+)\}")


TRIE_MIN = 64
NEST_SAME = {"PLACE"}  # a county inside a village's name (汾阳市贾家庄村) is a place of its own


FIRST_CHAR_MIN = 20


def trie_regex(words: Iterable[str]) -> str:
    """A prefix-factored regex matching any of ``words``, longest first.

    A flat alternation of thousands of names (the gazetteer) is tried name by name at
    every offset; the factored form follows one branch per character.

    Examples
    --------
    >>> trie_regex(["吕梁", "吕梁市", "孝义"])
    '(?:吕梁(?:市)?|孝义)'

    With ``FIRST_CHAR_MIN`` or more first characters, a look-ahead on them comes first.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
        if len(branches) == 1 and not end:
            return body
        return body + ("?" if end else "")

    if not trie:
        return "(?!)"
    body = "(?:" + build(trie).removeprefix("(?:").removesuffix(")") + ")"
    if len(trie) < FIRST_CHAR_MIN:
        return body
    # a look-ahead on the set of first characters rejects most offsets at once, where the
    # engine would otherwise try each first-character branch in turn
    firsts = "".join(re.escape(ch) for ch in sorted(trie))
    return f"(?=[{firsts}]){body}"


class Scanner:
    """Finds the matches of one pattern; ``regex`` when the pattern needs it, else ``re``.

    ``overlapped`` matches (one per start offset) come from ``regex``'s own option, or with
    ``re`` from a look-ahead around the pattern; :meth:`span` and :meth:`group_text` hide the
    shifted group numbers.

    Examples
    --------
    >>> sc = Scanner("(?:吕梁|梁)", overlapped=True)
    >>> sc.engine, [sc.span(m) for m in sc.finditer("吕梁市")]
    ('re', [(0, 2), (1, 2)])
    >>> Scanner(r"\\p{Han}+").engine
    'regex'
    """

    def __init__(self, pattern: str, *, overlapped: bool = False, group: int | str = 0) -> None:
        self.overlapped = overlapped
        try:
            if overlapped:
                self.rx = stdlib_re.compile(f"(?=({pattern}))")
                self.group = group + 1 if isinstance(group, int) else group
            else:
                self.rx = stdlib_re.compile(pattern)
                self.group = group
            self.engine = "re"
        except stdlib_re.error:
            self.rx = re.compile(pattern)
            self.group = group
            self.engine = "regex"

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterable[Any]:
        endpos = len(text) if endpos is None else endpos
        if self.engine == "regex":
            return self.rx.finditer(text, pos, endpos, overlapped=self.overlapped)
        return self.rx.finditer(text, pos, endpos)

    def group_text(self, m: Any) -> str | None:
        return m.group(self.group)

    def span(self, m: Any) -> tuple[int, int]:
        return m.span(self.group)


class _Found:
    """A match of :class:`GazetteerScanner`: what ``Scanner`` needs of ``re.Match``."""

    __slots__ = ("_span",)

    def __init__(self, start: int, end: int) -> None:
        self._span = (start, end)

    def span(self, group: int = 0) -> tuple[int, int]:
        return self._span


class GazetteerScanner:
    """Every offset's longest word of a word list, by an Aho-Corasick automaton.

    A pattern that is one lexicon and nothing else (``{"pattern": "{PLACE_NAMES}",
    "overlapped": true}``: the gazetteer of 3,500 divisions) finds the same matches as the
    trie regex of :class:`Scanner` (one per start offset, the longest word starting there),
    but pyahocorasick's automaton reads the text once in C instead of trying the regex at
    every offset, and builds in milliseconds where the regex takes a second to compile.

    Examples
    --------
    >>> sc = GazetteerScanner(["吕梁", "吕梁市", "梁山"])
    >>> [sc.span(m) for m in sc.finditer("吕梁市梁山")]
    [(0, 3), (3, 5)]
    """

    engine = "ahocorasick"

    def __init__(self, words: Iterable[str]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for w in words:
            if w:
                self.automaton.add_word(w, len(w))
        self.automaton.make_automaton()

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterable[_Found]:
        endpos = len(text) if endpos is None else endpos
        longest: dict[int, int] = {}
        if self.automaton.kind == 0 or pos >= endpos:  # an empty automaton cannot iterate
            return []
        for last, size in self.automaton.iter(text, pos, endpos):
            start = last + 1 - size
            if size > longest.get(start, 0):
                longest[start] = size
        return [_Found(start, start + size) for start, size in sorted(longest.items())]

    def group_text(self, m: _Found) -> str:
        return "x"

    def span(self, m: _Found) -> tuple[int, int]:
        return m.span()


def anchor_windows(text: str, anchor: Scanner, reach: int) -> list[tuple[int, int]]:
    """Disjoint ``(start, end)`` windows of ``text`` within ``reach`` of a match of ``anchor``.

    Examples
    --------
    >>> anchor_windows("甲乙会议丙丁戊己庚辛会议", Scanner("会议"), 2)
    [(0, 6), (8, 12)]
    """
    windows: list[tuple[int, int]] = []
    for m in anchor.finditer(text):
        s, e = max(0, m.start() - reach), min(len(text), m.end() + reach)
        if windows and s <= windows[-1][1]:
            windows[-1] = (windows[-1][0], e)
        else:
            windows.append((s, e))
    return windows


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
        if len(value) > TRIE_MIN:
            return trie_regex(value)
        alts = sorted(value, key=lambda s: (-len(s), s))
        return "(?:" + "|".join(re.escape(a) for a in alts) + ")"

    return _MACRO.sub(repl, pattern)


class RegexRuler:
    """Regex span ruler over characters (see module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        overwrite: bool | str = True,
        mask: str | None = "FUNCTION_WORDS",
        nested_key: str | None = NESTED_KEY,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.overwrite = overwrite
        self.mask = mask
        self.nested_key = nested_key
        self.patterns: list[PatternType] = []
        self.lexicons: dict[str, list[str] | str] = {}
        self._compiled: list[tuple] = []
        self._non_name_start: set[str] = set()
        self._verb_starts: tuple[str, ...] = ()
        self._word_sets: dict[str, set[str]] = {}

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
        """Clear, then load ``patterns`` with ``lexicons`` (default: the pipeline's shared ones)."""
        self.clear()
        self._set_lexicons(shared_lexicons(nlp or self.nlp) if lexicons is None else lexicons)
        if patterns:
            self.add_patterns(patterns)

    def _set_lexicons(self, lexicons: dict[str, list[str] | str]) -> None:
        self.lexicons = {k: v for k, v in lexicons.items() if not k.startswith("_")}
        self._non_name_start = set(self.lexicons.get("NON_NAME_START", []))
        self._function_words = set(self.lexicons.get("FUNCTION_WORDS", []))
        self._admin_chars = {w for w in self.lexicons.get("ADMIN", []) if len(w) == 1}
        # words that open no name: a statistical span that starts with one took a verb
        self._verb_starts = tuple(
            w for w in self._non_name_start | set(self.lexicons.get("NAME_VERB", [])) if len(w) > 1
        )
        # verbs that are also the heads and modifiers of names (治理, 建设, 发展改革, 年产)
        self._verbs_in_names = {
            w
            for name in ("PROJECT_HEAD", "HEAD_CONT", "DEPT", "PROJECT_MEASURE")
            for w in self.lexicons.get(name, [])
        }
        self._word_sets = {}

    def add_patterns(self, patterns: Iterable[PatternType]) -> None:
        """Validate, expand and compile ``patterns``."""
        for p in patterns:
            missing = {"label", "pattern"} - set(p)
            if missing:
                raise ValueError(f"{self.name}: pattern {p!r} lacks {sorted(missing)}")
            whole = _MACRO.fullmatch(p["pattern"])
            try:
                if whole and p.get("overlapped") and isinstance(self.lexicons.get(whole.group(1)), list):
                    rx: Scanner | GazetteerScanner = GazetteerScanner(self.lexicons[whole.group(1)])
                else:
                    rx = Scanner(
                        expand_macros(p["pattern"], self.lexicons),
                        overlapped=bool(p.get("overlapped")),
                        group=p.get("group", 0),
                    )
                split = re.compile(p["split"]) if p.get("split") else None
                reject = re.compile(expand_macros(p["reject"], self.lexicons)) if p.get("reject") else None
                require = re.compile(expand_macros(p["require"], self.lexicons)) if p.get("require") else None
                anchor = Scanner(expand_macros(p["anchor"], self.lexicons)) if p.get("anchor") else None
            except re.error as err:
                raise ValueError(f"{self.name}: bad regex in pattern {p.get('id', p)!r}: {err}") from None
            if anchor is not None and not isinstance(p.get("reach"), int):
                raise ValueError(f"{self.name}: pattern {p.get('id', p)!r} has an anchor but no reach")
            self.patterns.append(dict(p))
            self._compiled.append((p, rx, split, reject, require, anchor))

    def clear(self) -> None:
        self.patterns = []
        self._compiled = []

    def _words(self, names: str | list[str]) -> set[str]:
        """The union of the word lexicons ``names`` (cached)."""
        key = names if isinstance(names, str) else "|".join(names)
        if key not in self._word_sets:
            names = [names] if isinstance(names, str) else names
            self._word_sets[key] = {w for n in names for w in self.lexicons.get(n, [])}
        return self._word_sets[key]

    def _snap(self, s: int, e: int, words: dict[int, str]) -> int:
        """Move ``s`` to a word start, past leading non-name words."""
        skip = self._non_name_start
        while s < e and (s not in words or words[s] in skip):
            s += len(words[s]) if s in words else 1
        return s

    def _proper_word(self, s: int, e: int, words: dict[int, str]) -> bool:
        """Whether the span opens with a name of its own: a first word of two or more Han
        characters that is no ordinary word, followed by at least two more words.

        A firm's or a place's own name leads a project's name (晶科|蓝宝石|生产|项目,
        凯裕|机械|制造|项目); a generic noun phrase (生态|环保|项目) opens with an
        ordinary word, and a two-word one (研发|中心) is a kind, not a name.
        """
        inside, at = [], s
        while at < e:
            w = words.get(at)
            if w is None:
                at += 1
                continue
            if at + len(w) <= e:
                inside.append(w)
            at += len(w)
        if len(inside) < 3:
            return False
        verbs = self._words(["NON_NAME_START", "VERB_STOP", "ATTEND_VERBS"])
        if any(len(w) > 1 and w in verbs and w not in self._verbs_in_names for w in inside):
            return False  # a clause, not a name (某某一行来到园区)
        first = inside[0]
        common = self._words(["COMMON_WORDS", "FUNCTION_WORDS", "TITLE", "PERSON_PREFIX"])
        return len(first) > 1 and bool(_HAN_WORD.fullmatch(first)) and first not in common | verbs

    def _past_verbs(self, s: int, e: int, words: dict[int, str], min_len: int) -> int:
        """Move ``s`` past the last verb or function word inside the span that leaves ``min_len``;
        a function word before a number joins two quantities of one name (年产5万吨A和500万吨B)."""
        at, best = s, s
        while at < e:
            w = words.get(at)
            if w is None:
                at += 1
                continue
            # one-character words of NON_NAME_START (新, 大…) begin names too often
            following = words.get(at + len(w), "")
            verb = (len(w) > 1 and w in self._non_name_start and w not in self._verbs_in_names) or (
                w in self._function_words and not (w in _QUANTITY_JOINERS and following[:1].isdigit())
            )
            if verb and e - (at + len(w)) >= min_len:
                best = at + len(w)
            at += len(w)
        return best

    def match(
        self,
        text: str,
        words: dict[int, str] | None = None,
        *,
        ranges: dict[str, list[tuple[int, int]]] | None = None,
    ) -> list[tuple[int, int, str, bool | str, bool, str]]:
        """All ``(start, end, label, overwrite, nested, pattern_id)`` character spans in ``text``.

        ``words`` maps the offset of each word to its text (needed by ``snap``, ``word_end``
        and ``align``); ``ranges`` maps a label to the character ranges of its entities
        (needed by ``within`` patterns).
        """
        found = []
        ends = {s + len(w) for s, w in (words or {}).items()}
        edges = ends | set(words or ())
        masked, plain = text, None
        for p, rx, split, reject, require, anchor in self._compiled:
            if p.get("mask", True) or not words:
                text = masked
            else:  # the pattern reads function words (关于…的决定): the text as written
                if plain is None:  # unmask the masked words only: the rest stays rule text (，)
                    mask_char = self.mask_char
                    chars = list(masked)
                    for at, w in words.items():
                        if masked.startswith(mask_char, at):
                            chars[at : at + len(w)] = w
                    plain = "".join(chars)
                text = plain
            mark = len(found)
            min_len = p.get("min_len", 2)
            overwrite = p.get("overwrite", self.overwrite)
            # (text to scan, its offset in the sentence, pos, endpos)
            if p.get("within"):
                rs = [r for lab in p["within"] for r in (ranges or {}).get(lab, [])]
                scans = [(text[s:e], s, 0, e - s) for s, e in rs]
            elif anchor is not None:
                scans = [(text, 0, s, e) for s, e in anchor_windows(text, anchor, p["reach"])]
            else:
                scans = [(text, 0, 0, len(text))]
            for scanned, offset, pos, endpos in scans:
                for m in rx.finditer(scanned, pos, endpos):
                    if rx.group_text(m) is None:
                        continue
                    start, end = (offset + x for x in rx.span(m))
                    for k, (s, e) in enumerate(self._pieces(text, start, end, split)):
                        while s < e and text[s].isspace():
                            s += 1
                        first = k == 0 or p.get("past_verbs") != "first"
                        if p.get("snap") and words and first:
                            s = self._snap(s, e, words)
                        if p.get("past_verbs") and words and first:
                            s = self._past_verbs(s, e, words, max(min_len, 3))
                        if p.get("word_end") and words:
                            trail = tuple(self._words(p["trail"])) if p.get("trail") else ()
                            while e > s and e not in ends and not (trail and text.startswith(trail, e)):
                                e -= 1
                            if p.get("name_verbs"):
                                e = name_end(text, s, e, tuple(self._words(p["name_verbs"])))
                        while e > s and text[e - 1].isspace():
                            e -= 1
                        if (
                            p.get("max_words")
                            and words
                            and sum(1 for w in words if s <= w < e) > p["max_words"]
                        ):
                            continue
                        if p.get("align") == "words" and not (
                            _is_edge(text, s, edges) and _is_edge(text, e, edges)
                        ):
                            continue
                        s = balanced_start(text, s, e)
                        if s is None:
                            continue
                        name = text[s:e]
                        if e - s < min_len or (reject is not None and reject.search(name)):
                            continue
                        if (
                            require is not None
                            and not require.search(name)
                            and not (p.get("or_proper_word") and words and self._proper_word(s, e, words))
                        ):
                            continue
                        if p.get("reject_words") and name in self._words(p["reject_words"]):
                            continue
                        found.append(
                            (s, e, p["label"], overwrite, bool(p.get("within")), p.get("id", "rule"))
                        )
            if p.get("prefer") == "shortest":
                best: dict[int, tuple] = {}
                for f in found[mark:]:
                    if f[1] not in best or f[1] - f[0] < best[f[1]][1] - best[f[1]][0]:
                        best[f[1]] = f
                found[mark:] = sorted(best.values())
        return found

    @staticmethod
    def _pieces(text: str, start: int, end: int, split: re.Pattern | None) -> list[tuple[int, int]]:
        if split is None:
            return [(start, end)]
        pieces, pos = [], start
        for sep in split.finditer(text, start, end):
            pieces.append((pos, sep.start()))
            pos = sep.end()
        pieces.append((pos, end))
        return pieces

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, str, bool | str, bool, str]]) -> None:
        """Strong matches replace overlapping entities, weak ones fill gaps; nested ones are kept aside."""
        spans = align_to_tokens(doc, [(s, e, label, pid) for s, e, label, _, _, pid in matches])
        kind = {(s, e, label): (ow, nested) for s, e, label, ow, nested, _ in matches}
        key = {sp: kind[(sp.start_char, sp.end_char, sp.label_)] for sp in spans}
        nested = [sp for sp in spans if key[sp][1]]
        old = list(doc.ents)
        strong = [
            sp for sp in spans if key[sp][0] is True and not key[sp][1] and not self._named_level(sp, old)
        ]
        # a place name after the start of a person's name is the person's given name (韩|永和)
        persons = [(e.start, e.end) for e in old if e.label_ == "PERSON" and not e.id_]
        over_ner = [
            sp
            for sp in spans
            if key[sp][0] == "statistical"
            and not key[sp][1]
            and not any(a < sp.start and sp.end <= b for a, b in persons)
        ]
        weak = [sp for sp in spans if key[sp][0] is False and not key[sp][1]]
        kept: list[Span] = filter_spans(strong)
        taken = {i for sp in kept for i in range(sp.start, sp.end)}
        # order of precedence: this ruler's strong spans, earlier rules' spans, spans that
        # overwrite statistical ones, statistical spans, gap fillers
        ranked = [e for e in old if e.id_] + filter_spans(over_ner) + [e for e in old if not e.id_]
        candidates = ranked + filter_spans(weak)
        for ent in candidates:
            if not any(i in taken for i in range(ent.start, ent.end)):
                kept.append(ent)
                taken.update(range(ent.start, ent.end))
        doc.ents = sorted(kept, key=lambda sp: sp.start)
        if self.nested_key:
            group = list(doc.spans[self.nested_key]) if self.nested_key in doc.spans else []
            seen = {(sp.start, sp.end, sp.label_) for sp in [*group, *doc.ents]}
            for sp in [*nested, *strong, *over_ner, *weak]:
                host = [k for k in kept if k.start <= sp.start and sp.end <= k.end and len(k) > len(sp)]
                # a rule span inside an entity of another type is a nested entity; inside one
                # of its own type it is only a shorter reading of the same name, unless a
                # ``within`` pattern looked for it there (the group in a subsidiary's name)
                nests = (
                    host
                    and host[0].label_ != "PERSON"  # a person's name holds no place (韩|永和)
                    and (host[0].label_ != sp.label_ or sp.label_ in NEST_SAME or key[sp][1])
                )
                if nests and (sp.start, sp.end, sp.label_) not in seen:
                    group.append(sp)
                    seen.add((sp.start, sp.end, sp.label_))
            doc.spans[self.nested_key] = group

    def _named_level(self, span: Span, ents: Sequence[Span]) -> bool:
        """Whether a rule span that opens with a bare level (县人民政府, 市委) is the end of a
        statistical entity of its type that names the place (苍岭县人民政府), which wins, unless
        what it adds is a verb (辞去市人民政府)."""
        if not span.text or span.text[0] not in self._admin_chars:
            return False
        return any(
            e.label_ == span.label_
            and not e.id_
            and e.end == span.end
            and 0 < span.start - e.start <= 3
            and not e.text.startswith(self._verb_starts)  # 辞去|市人民政府
            for e in ents
        )

    @property
    def mask_char(self) -> str:
        """The character a masked function word is replaced by (lexicon ``MASK``)."""
        return str(self.lexicons.get("MASK", "\ue000"))

    def masked_text(self, doc: Doc, words: dict[int, str] | None = None) -> str:
        """``doc.text`` as rules read it (:func:`kg.pipeline.tokens.rule_text`), with every token
        that is a whole function word replaced by the MASK char.

        Masking by token, not by character, keeps 为 inside 华为 while 为 the preposition
        becomes a boundary; offsets are unchanged. ``words`` (offset → token text) saves a
        pass over the doc when the caller has it.
        """
        stop = self._words(self.mask) if self.mask else set()
        if not stop:
            return rule_text(doc)
        mask_char = self.mask_char
        chars = list(rule_text(doc))
        for idx, text in (words if words is not None else token_texts(doc)).items():
            if text in stop:
                chars[idx : idx + len(text)] = mask_char * len(text)
        return "".join(chars)

    def __call__(self, doc: Doc) -> Doc:
        words = token_texts(doc)
        ranges: dict[str, list[tuple[int, int]]] = {}
        for ent in doc.ents:
            ranges.setdefault(ent.label_, []).append((ent.start_char, ent.end_char))
        self.set_annotations(doc, self.match(self.masked_text(doc, words), words, ranges=ranges))
        return doc

    # The patterns are this component's data; the lexicons they expand are the pipeline's
    # (kg_lexicons, serialised once), looked up again when the patterns are loaded.

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {"patterns.jsonl": lambda p: srsly.write_jsonl(p, self.patterns)}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RegexRuler":
        util.from_disk(path, {"patterns.jsonl": lambda p: self._reload(list(srsly.read_jsonl(p)))}, exclude)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"patterns": lambda: self.patterns}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RegexRuler":
        util.from_bytes(data, {"patterns": self._reload}, exclude)
        return self

    def _reload(self, patterns: list[PatternType]) -> None:
        self.clear()
        self._set_lexicons(shared_lexicons(self.nlp))
        self.add_patterns(patterns)
