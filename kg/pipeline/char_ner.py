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

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import spacy
import srsly
from spacy import util
from spacy.attrs import IDS, LEMMA, NORM, ORTH, SHAPE
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans, minibatch
from spacy.vocab import Vocab
from thinc.api import Model

from kg.models import DEFAULT_NER, ner_model_dir
from kg.pipeline.tokens import align_to_tokens, doc_text, doc_words

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
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
    return decode_biluo_batch([scores], tags)[0]


def decode_biluo_batch(
    scores: Sequence[numpy.ndarray], tags: Sequence[str]
) -> list[list[tuple[int, int, str]]]:
    """:func:`decode_biluo` of every score matrix in ``scores``, in one pass over the batch.

    The argmax, the validity check and the span extraction run on the concatenated
    batch; only the sequences whose best tags are not valid BILUO go through Viterbi,
    together (:func:`_viterbi_batch`).

    Examples
    --------
    >>> tags = ("O", "B-PER", "L-PER", "U-PER")
    >>> decode_biluo_batch([numpy.array([[0, 0, 0, 9]]), numpy.zeros((0, 4))], tags)
    [[(0, 1, 'PER')], []]
    """
    key = tuple(tags)
    lengths = numpy.array([len(s) for s in scores], dtype="int64")
    out: list[list[tuple[int, int, str]]] = [[] for _ in scores]
    if not lengths.any():
        return out
    first, allowed, last = biluo_constraints(key)
    offsets = numpy.concatenate([[0], numpy.cumsum(lengths)])
    flat = numpy.concatenate([s for s in scores if len(s)])
    best = flat.argmax(axis=1)
    full = numpy.flatnonzero(lengths)
    starts, ends = offsets[full], offsets[full + 1] - 1
    ok = numpy.ones(len(best), dtype=bool)
    ok[1:] = allowed[best[:-1], best[1:]]
    ok[starts] = first[best[starts]]  # a sequence's first tag does not follow the last one's
    valid = numpy.logical_and.reduceat(ok, starts) & last[best[ends]]
    bad = full[~valid]
    if len(bad):
        paths = _viterbi_batch([numpy.asarray(scores[i], dtype="float64") for i in bad], first, allowed, last)
        for i, path in zip(bad.tolist(), paths, strict=True):
            best[offsets[i] : offsets[i + 1]] = path
    kinds = numpy.array([t[0] for t in key])
    opens = numpy.flatnonzero(numpy.isin(kinds, ["B", "U"])[best])
    closes = numpy.flatnonzero(numpy.isin(kinds, ["L", "U"])[best])
    owner = numpy.searchsorted(offsets, opens, side="right") - 1
    for o, c, d, t in zip(
        opens.tolist(), closes.tolist(), owner.tolist(), best[closes].tolist(), strict=True
    ):
        base = int(offsets[d])
        out[d].append((o - base, c + 1 - base, key[t][2:]))
    return out


def _viterbi_batch(
    seqs: Sequence[numpy.ndarray], first: numpy.ndarray, allowed: numpy.ndarray, last: numpy.ndarray
) -> list[numpy.ndarray]:
    """Best valid tag sequence of each score matrix, all sequences stepped together.

    Shorter sequences are padded; on a padded step a sequence keeps its scores and its
    back-pointers are the identity, so the padding never changes its path.
    """
    lengths = numpy.array([len(s) for s in seqs])
    n_tags = seqs[0].shape[1]
    logp = numpy.zeros((len(seqs), int(lengths.max()), n_tags))
    for b, s in enumerate(seqs):
        x = s - s.max(axis=1, keepdims=True)
        logp[b, : len(s)] = x - numpy.log(numpy.exp(x).sum(axis=1, keepdims=True))
    trans = numpy.where(allowed, 0.0, -numpy.inf)
    identity = numpy.broadcast_to(numpy.arange(n_tags), (len(seqs), n_tags))
    score = numpy.where(first, logp[:, 0], -numpy.inf)
    back = numpy.zeros(logp.shape, dtype="int64")
    for i in range(1, logp.shape[1]):
        cand = score[:, :, None] + trans
        active = (i < lengths)[:, None]
        back[:, i] = numpy.where(active, cand.argmax(axis=1), identity)
        score = numpy.where(active, cand.max(axis=1) + logp[:, i], score)
    cur = numpy.where(last, score, -numpy.inf).argmax(axis=1)
    paths = numpy.zeros(logp.shape[:2], dtype="int64")
    rows = numpy.arange(len(seqs))
    for i in range(logp.shape[1] - 1, -1, -1):
        paths[:, i] = cur
        cur = back[rows, i, cur]
    return [paths[b, :n] for b, n in enumerate(lengths.tolist())]


class CharFeatures:
    """The feature rows of a character doc, for a model's ``FeatureExtractor``.

    spaCy's ``FeatureExtractor`` only calls ``doc.to_array(columns)``; this object answers
    that call from rows built straight from pkuseg words (:meth:`CharNER.word_rows`), so
    the embedding runs without a character ``Doc``.
    """

    __slots__ = ("rows", "columns")

    def __init__(self, rows: numpy.ndarray, columns: Sequence[int]) -> None:
        self.rows = rows
        self.columns = list(columns)

    def to_array(self, columns: Sequence[int | str]) -> numpy.ndarray:
        idx = [self.columns.index(IDS[c] if isinstance(c, str) else c) for c in columns]
        return self.rows[:, idx]


def predict_char_spans(inner: Language, docs: Sequence[Doc]) -> list[list[tuple[int, int, str]]]:
    """Character spans predicted by the inner pipeline for character docs ``docs``."""
    if "tagger" in inner.pipe_names:
        tagger = inner.get_pipe("tagger")
        scores = tagger.model.predict(list(docs))
        return decode_biluo_batch([tagger.model.ops.to_numpy(s) for s in scores], tuple(tagger.labels))
    return [
        [(e.start_char, e.end_char, e.label_) for e in d.ents]
        for d in inner.pipe(docs, batch_size=max(len(docs), 1))
    ]


# feature columns CharNER can build without a character Doc (see char_doc)
FEATURE_COLUMNS = (ORTH, LEMMA, NORM, SHAPE)
VECTOR_CACHE = 100_000  # words whose character embeddings are kept (about 70 MB at most)


def split_tagger(model: Model) -> tuple[Model, Model, Model] | None:
    """``(embed, encode, output)`` of a spaCy ``Tagger.v2`` over a ``Tok2Vec.v2``.

    Returns None unless the model is ``chain(chain(embed, encode), output)`` whose embed
    starts by extracting only :data:`FEATURE_COLUMNS`. Its embed then sees one character
    at a time, so the vector of a character depends only on its word and its position in
    that word, and can be computed once per word.
    """
    if len(model.layers) != 2 or len(model.layers[0].layers) != 2:
        return None
    (embed, encode), output = model.layers[0].layers, model.layers[1]
    if not embed.layers or embed.layers[0].name != "extract_features":
        return None
    if any(n.name == "extract_features" for n in [*encode.walk(), *output.walk()]):
        return None
    cols = [IDS[c] if isinstance(c, str) else c for c in embed.layers[0].attrs["columns"]]
    if not set(cols) <= set(FEATURE_COLUMNS) or any(
        n.name in ("expand_window", "residual", "lstm") for n in embed.walk()
    ):
        return None
    return embed, encode, output


class CharNER:
    """Wraps an inner character-level spaCy pipeline as a component of the word pipeline.

    With a tagger inner model (:func:`split_tagger`), the character embeddings are kept
    per pkuseg word (up to :data:`VECTOR_CACHE` words): on news text most words repeat,
    so the embedding layers run only on words not seen before and no character ``Doc``
    is built. Otherwise each sentence becomes a character doc (:func:`char_doc`).
    """

    def __init__(self, nlp: Language, name: str, *, labels: Sequence[str] = ()) -> None:
        self.name = name
        self.labels = list(labels)
        self._set_inner(
            spacy.util.load_model_from_config(
                spacy.util.load_config(INNER_CONFIG), auto_fill=True, validate=True
            )
        )

    def _set_inner(self, inner: Language) -> None:
        self.inner = inner
        self._vectors: dict[str, numpy.ndarray] = {}
        tagger = inner.get_pipe("tagger") if "tagger" in inner.pipe_names else None
        self._parts = split_tagger(tagger.model) if tagger is not None else None
        self._tags = tuple(tagger.labels) if tagger is not None else ()

    def word_rows(self, word: str) -> numpy.ndarray:
        """Rows ``(ORTH, LEMMA, NORM, SHAPE)`` of the characters of ``word``, as in :func:`char_doc`."""
        vocab = self.inner.vocab
        lemma = vocab.strings.add(word)
        return numpy.array(
            [
                (vocab[c].orth, lemma, vocab.strings.add(p), vocab[c].shape)
                for c, p in zip(word, bies([word]), strict=True)
            ],
            dtype="uint64",
        ).reshape(-1, len(FEATURE_COLUMNS))

    def tag_scores(self, docs: Sequence[Doc]) -> list[numpy.ndarray]:
        """BILUO tag scores ``(n_chars, n_tags)`` of every doc, from per-word embeddings."""
        assert self._parts is not None
        embed, encode, output = self._parts
        words = [doc_words(d) for d in docs]
        new = list({w: None for ws in words for w in ws if w not in self._vectors})
        if new:
            if len(self._vectors) + len(new) > VECTOR_CACHE:
                self._vectors.clear()
            rows = numpy.concatenate([self.word_rows(w) for w in new])
            (vectors,) = embed.predict([CharFeatures(rows, FEATURE_COLUMNS)])
            at = 0
            for w in new:
                self._vectors[w] = vectors[at : at + len(w)]
                at += len(w)
        width = embed.get_dim("nO")
        X = [
            numpy.concatenate([self._vectors[w] for w in ws])
            if ws
            else numpy.zeros((0, width), dtype="float32")
            for ws in words
        ]
        return [embed.ops.to_numpy(y) for y in output.predict(encode.predict(X))]

    def predict_spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, label)`` predicted for ``doc``."""
        return self._predict([doc])[0]

    def _predict(self, docs: Sequence[Doc]) -> list[list[tuple[int, int, str]]]:
        # a model trained on Chinese does not guess on a sentence it cannot read: one with
        # no Han character (an English sentence) gets no statistical entity
        readable = [i for i, d in enumerate(docs) if HAN.search(doc_text(d))]
        out: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        if not readable:
            return out
        batch = [docs[i] for i in readable]
        if self._parts is not None:
            found = decode_biluo_batch(self.tag_scores(batch), self._tags)
        else:
            found = predict_char_spans(self.inner, [char_doc(self.inner.vocab, doc_words(d)) for d in batch])
        wanted = set(self.labels)
        for i, spans in zip(readable, found, strict=True):
            # a one-character entity is never a name kg keeps (kg_entity_filter), and setting
            # it would split a word (华|为) and so unmask a function word inside a name
            out[i] = [sp for sp in spans if sp[1] - sp[0] > 1 and (not wanted or sp[2] in wanted)]
        return out

    def set_annotations(self, doc: Doc, spans: list[tuple[int, int, str]]) -> None:
        if spans:
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

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, model: str = DEFAULT_NER
    ) -> None:
        """Load the trained model ``model``: ``"tagger"``, ``"transition"`` or a model folder."""
        self.from_disk(ner_model_dir(model))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {"inner": lambda p: self.inner.to_disk(p)}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CharNER":
        util.from_disk(path, {"inner": lambda p: self._set_inner(spacy.load(p))}, exclude)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes(
            {"inner_config": lambda: self.inner.config.to_str(), "inner": lambda: self.inner.to_bytes()},
            exclude,
        )

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "CharNER":
        msg = srsly.msgpack_loads(data)
        if "inner" not in exclude and "inner" in msg:
            config = spacy.util.load_config_from_str(msg["inner_config"])
            inner = spacy.util.load_model_from_config(config, auto_fill=True)
            self._set_inner(inner.from_bytes(msg["inner"]))
        return self
