"""Character-level statistical NER over pkuseg-segmented docs.

Why characters: on CLUENER 5.0 % of gold entity spans (8.1 % of person names) do not
line up with pkuseg word boundaries ("李成说" is one word), so a token-level ``ner``
loses them (spaCy issue 5112). This component runs a spaCy ``ner`` over a parallel
*character* doc whose tokens carry the pkuseg word as context features, then splits
the outer word tokens where a predicted entity starts or ends inside a word, so that
``doc.ents`` can hold every predicted span. Measured in ``benchmarks/results/ner.md``.

Features of each character token (see :func:`char_doc`):

- ``ORTH``: the character;
- ``LEMMA``: the pkuseg word containing it (word-level context);
- ``NORM`` (and ``TAG``): its position in that word, ``B``/``I``/``E``/``S``;
- ``SHAPE``: spaCy's shape (digit, Latin, other).

The inner model is either a BILUO ``tagger`` (``char_tagger.cfg``, shipped: one matrix
product scores every character, decoded under the BILUO constraints by
:func:`decode_biluo`) or a transition-based ``ner`` (``char_ner.cfg``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch
from spacy.vocab import Vocab

# The inner character pipeline is a blank zh with a char segmenter and one ``ner``.
CONFIGS = Path(__file__).parent.parent / "data" / "configs"
INNER_CONFIG = CONFIGS / "char_tagger.cfg"


def bies(words: Sequence[str]) -> list[str]:
    """Position tags of every character of ``words`` in its word.

    Examples
    --------
    >>> bies(["局长", "李", "子荣"])
    ['B', 'E', 'S', 'B', 'E']
    """
    tags: list[str] = []
    for w in words:
        if len(w) == 1:
            tags.append("S")
        else:
            tags.extend(["B"] + ["I"] * (len(w) - 2) + ["E"])
    return tags


def char_doc(vocab: Vocab, words: Sequence[str]) -> Doc:
    """Build the character doc for a sequence of segmented words (whitespace words kept).

    Examples
    --------
    >>> import spacy
    >>> d = char_doc(spacy.blank("zh").vocab, ["局长", "李子荣"])
    >>> [(t.text, t.lemma_, t.tag_) for t in d][:3]
    [('局', '局长', 'B'), ('长', '局长', 'E'), ('李', '李子荣', 'B')]
    """
    chars = [c for w in words for c in w]
    lemmas = [w for w in words for _ in w]
    positions = bies(words)
    doc = Doc(vocab, words=chars, spaces=[False] * len(chars), lemmas=lemmas, tags=positions)
    if chars:
        hashes = {p: vocab.strings.add(p) for p in "BIES"}
        norms = numpy.array([hashes[p] for p in positions], dtype="uint64")
        doc.from_array([NORM], norms.reshape(-1, 1))
    return doc


@lru_cache(maxsize=8)
def biluo_constraints(tags: tuple[str, ...]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Which BILUO tags may start a sentence, follow each tag, and end a sentence.

    Returns boolean arrays ``(first, allowed, last)``; ``allowed[i, j]`` says tag ``j``
    may follow tag ``i`` (``B-X``/``I-X`` continue with ``I-X``/``L-X`` of the same
    label; everything else is followed by ``O``, ``B-*`` or ``U-*``).

    Examples
    --------
    >>> first, allowed, last = biluo_constraints(("O", "B-PER", "L-PER", "U-PER"))
    >>> first.tolist(), allowed[1].tolist(), last.tolist()
    ([True, True, False, True], [False, False, True, False], [True, False, True, True])
    """
    n = len(tags)
    kind = [t[0] if t != "O" else "O" for t in tags]
    label = [t[2:] for t in tags]
    opens = numpy.array([k in "OBU" for k in kind])
    first = opens.copy()
    last = numpy.array([k in "OLU" for k in kind])
    allowed = numpy.zeros((n, n), dtype=bool)
    for i in range(n):
        if kind[i] in "BI":
            allowed[i] = [kind[j] in "IL" and label[j] == label[i] for j in range(n)]
        else:
            allowed[i] = opens
    return first, allowed, last


def decode_biluo(scores: numpy.ndarray, tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, label)`` from per-character BILUO tag scores.

    ``scores`` is ``(n_chars, n_tags)``, larger is likelier. The best tag of every
    character is kept when the sequence is valid BILUO; otherwise the best *valid*
    sequence is found by Viterbi over the log-softmax scores.

    Examples
    --------
    >>> tags = ("O", "B-PER", "L-PER", "U-PER")
    >>> decode_biluo(numpy.array([[9, 0, 0, 0], [0, 9, 0, 0], [0, 0, 9, 0]]), tags)
    [(1, 3, 'PER')]
    >>> decode_biluo(numpy.array([[9, 0, 0, 0], [0, 9, 0, 0], [9, 0, 8, 0]]), tags)
    [(1, 3, 'PER')]
    """
    n = len(scores)
    if n == 0:
        return []
    key = tuple(tags)
    first, allowed, last = biluo_constraints(key)
    best = scores.argmax(axis=1)
    if not (first[best[0]] and last[best[-1]] and allowed[best[:-1], best[1:]].all()):
        best = _viterbi(numpy.asarray(scores, dtype="float64"), first, allowed, last)
    spans = []
    start = 0
    for i, t in enumerate(best.tolist()):
        tag = key[t]
        if tag[0] in "BU":
            start = i
        if tag[0] in "LU":
            spans.append((start, i + 1, tag[2:]))
    return spans


def _viterbi(
    scores: numpy.ndarray, first: numpy.ndarray, allowed: numpy.ndarray, last: numpy.ndarray
) -> numpy.ndarray:
    logp = scores - scores.max(axis=1, keepdims=True)
    logp = logp - numpy.log(numpy.exp(logp).sum(axis=1, keepdims=True))
    trans = numpy.where(allowed, 0.0, -numpy.inf)
    score = numpy.where(first, logp[0], -numpy.inf)
    back = numpy.zeros(logp.shape, dtype=int)
    for i in range(1, len(logp)):
        cand = score[:, None] + trans
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[i]
    path = [int(numpy.where(last, score, -numpy.inf).argmax())]
    for i in range(len(logp) - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return numpy.array(path[::-1])


def predict_char_spans(inner: Language, docs: Sequence[Doc]) -> list[list[tuple[int, int, str]]]:
    """Character spans predicted by the inner pipeline for character docs ``docs``."""
    if "tagger" in inner.pipe_names:
        tagger = inner.get_pipe("tagger")
        scores = tagger.model.predict(list(docs))
        tags = tuple(tagger.labels)
        return [decode_biluo(tagger.model.ops.to_numpy(s), tags) for s in scores]
    return [
        [(e.start_char, e.end_char, e.label_) for e in d.ents]
        for d in inner.pipe(docs, batch_size=max(len(docs), 1))
    ]


def doc_words(doc: Doc) -> list[str]:
    """The words of ``doc`` including trailing whitespace as separate words."""
    words: list[str] = []
    for t in doc:
        words.append(t.text)
        if t.whitespace_:
            words.append(t.whitespace_)
    return words


def align_to_tokens(
    doc: Doc, char_spans: Iterable[tuple], *, span_ids: Sequence[str] | None = None
) -> list[Span]:
    """Split the tokens of ``doc`` (in place) so that every char span is token-aligned.

    ``char_spans`` holds ``(start, end, label)`` or ``(start, end, label, span_id)``; the id
    (a rule's pattern id) is set as ``Span.id_``. Returns the spans, in document order, as
    :class:`Span` objects of the modified doc. Spans on whitespace only are dropped.
    """
    spans = sorted({(c[0], c[1], c[2], c[3] if len(c) > 3 else "") for c in char_spans})
    cuts = sorted({off for s, e, *_ in spans for off in (s, e)})
    splits: list[tuple[int, list[str]]] = []
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        inner = [c - start for c in cuts if start < c < end]
        if inner:
            bounds = [0, *inner, len(token.text)]
            splits.append((token.i, [token.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]))
    if splits:
        with doc.retokenize() as retok:
            for i, parts in splits:
                token = doc[i]
                retok.split(token, parts, heads=[(token, k) for k in range(len(parts))])
    out = []
    for s, e, label, span_id in spans:
        span = doc.char_span(s, e, label=label, span_id=span_id)
        if span is not None and span.text.strip():
            out.append(span)
    return out


class CharNER:
    """Wraps an inner character-level spaCy pipeline as a component of the word pipeline."""

    def __init__(self, nlp: Language, name: str, *, labels: Sequence[str] = ()) -> None:
        self.name = name
        self.inner: Language = spacy.util.load_model_from_config(
            spacy.util.load_config(INNER_CONFIG), auto_fill=True, validate=True
        )
        self.labels = list(labels)

    def _inner_docs(self, docs: Iterable[Doc]) -> Iterable[Doc]:
        for doc in docs:
            yield char_doc(self.inner.vocab, doc_words(doc))

    def predict_spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, label)`` predicted for ``doc``."""
        return self._predict([doc])[0]

    def _predict(self, docs: Sequence[Doc]) -> list[list[tuple[int, int, str]]]:
        return predict_char_spans(self.inner, list(self._inner_docs(docs)))

    def set_annotations(self, doc: Doc, spans: list[tuple[int, int, str]]) -> None:
        doc.ents = filter_spans(list(doc.ents) + align_to_tokens(doc, spans))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict_spans(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        """Predict in batches: the inner network runs once per batch, not once per doc."""
        for batch in minibatch(stream, size=batch_size):
            for doc, spans in zip(batch, self._predict(batch), strict=True):
                self.set_annotations(doc, spans)
                yield doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        self.inner.to_disk(Path(path) / "inner")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CharNER:
        self.inner = spacy.load(Path(path) / "inner")
        return self
