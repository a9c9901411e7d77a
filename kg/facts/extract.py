"""Extraction: a read document through the spaCy pipeline into its facts (:class:`DocFacts`).

:func:`extract_document` is the one step from text to facts: the document's sentences go
through ``nlp`` in batches; the entities of ``doc.ents`` and ``doc.spans[NESTED_KEY]``
become :class:`Mention` records with their offsets in the normalised text and in the
original file; names get one type per document and are found wherever they recur
(:mod:`kg.facts.consistency`); candidate facts of ``doc._.kg_relations`` and facts read off
names become :class:`Relation` records (:mod:`kg.facts.relations`); reporters named in
bylines are PERSON mentions. Where the extraction runs (this process, worker processes, a
Dask cluster) is :mod:`kg.execution`'s business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.language import Language

from kg.facts.consistency import propagate, vote_labels
from kg.facts.relations import resolve_relations
from kg.facts.store import content_hash
from kg.facts.types import DocFacts, Mention, Relation, Sentence
from kg.pipeline.candidates import Candidate
from kg.reader import Document
from kg.reader.pdf import evidence_boxes
from kg.schema import NESTED_KEY, RELATIONS_ATTR
from kg.sentences import split_sentences

# A document longer than this (a year of a paper in one file) is handled in parts of about
# this many characters, cut between articles where it can: label votes, propagation and
# anaphora stay within a part, and memory and time stay those of a long article.
PART_CHARS = 100_000
# Documents extracted together (their sentences in one nlp.pipe stream), about this many
# characters at a time: enough to fill the NER's batches, little to hold.
GROUP_CHARS = 8_000


def sentences_of(doc: Document) -> list[Sentence]:
    """The sentences of every article of ``doc`` (headlines and bylines excluded)."""
    out: list[Sentence] = []
    for a, art in enumerate(doc.articles):
        for s, e in split_sentences(doc.text[art.start : art.end]):
            s, e = s + art.start, e + art.start
            o_s, o_e = doc.to_original(s, e)
            page, bbox = evidence_boxes(doc, o_s, o_e)  # (None, None) unless a PDF page
            out.append(Sentence(doc.id, len(out), s, e, doc.text[s:e], o_s, o_e, a, page, bbox))
    return out


def parts_of(sentences: list[Sentence], limit: int | None = None) -> list[list[Sentence]]:
    """The sentences of a document in consecutive parts of at most about ``limit`` characters.

    A document within ``limit`` (default :data:`PART_CHARS`) is one part. A longer one is
    cut between articles once a part holds half the limit, and between sentences when a
    part would pass the limit.

    Examples
    --------
    >>> s = [Sentence("d", i, 10 * i, 10 * i + 10, "x" * 10, 0, 0, i // 2) for i in range(6)]
    >>> [[x.index for x in p] for p in parts_of(s, limit=100)]
    [[0, 1, 2, 3, 4, 5]]
    >>> [[x.index for x in p] for p in parts_of(s, limit=30)]
    [[0, 1], [2, 3], [4, 5]]
    """
    limit = PART_CHARS if limit is None else limit
    if sum(len(s.text) for s in sentences) <= limit:
        return [sentences] if sentences else []
    parts: list[list[Sentence]] = []
    part: list[Sentence] = []
    size = 0
    for sent in sentences:
        new_article = bool(part) and sent.article != part[-1].article
        if part and (size + len(sent.text) > limit or (new_article and size >= limit // 2)):
            parts.append(part)
            part, size = [], 0
        part.append(sent)
        size += len(sent.text)
    if part:
        parts.append(part)
    return parts


def byline_mentions(doc: Document) -> list[Mention]:
    """PERSON mentions for the reporters named in bylines (offsets in the original file)."""
    out = []
    pos = 0
    for art in doc.articles:
        for name in art.reporters:
            at = doc.raw.find(name, pos)
            if at < 0:
                at = doc.raw.find(name)
            out.append(Mention(name, "PERSON", doc.id, -1, -1, -1, at, at + len(name), "byline"))
            pos = max(pos, at)
    return out


def extract_document(doc: Document, nlp: Language, *, batch_size: int = 64) -> list[DocFacts]:
    """The facts of one document: one record, or one per part of a very long document.

    Parameters
    ----------
    doc : Document
        Read by :mod:`kg.reader`.
    nlp : Language
        From :func:`kg.load_pipeline`.

    Returns
    -------
    list of DocFacts
        One record, or one per part of a document longer than :data:`PART_CHARS`
        (:func:`parts_of`; the parts share the document's id and hash and sentence indexes
        run on across them). The first record also holds the reporters of the bylines.

    Examples
    --------
    >>> import kg
    >>> from kg.reader import read_text
    >>> [facts] = extract_document(read_text("市水利局局长李子荣说。"), kg.load_pipeline())  # doctest: +SKIP
    >>> [(m.text, m.label) for m in facts.mentions]  # doctest: +SKIP
    [('市水利局', 'GOV_ORG'), ('局长', 'TITLE'), ('李子荣', 'PERSON')]
    """
    return extract_documents([doc], nlp, batch_size=batch_size)


def extract_documents(docs: Sequence[Document], nlp: Language, *, batch_size: int = 64) -> list[DocFacts]:
    """:func:`extract_document` of several documents, their sentences in one ``nlp.pipe`` stream.

    A news document has a few dozen sentences, fewer than a batch: piping the sentences of
    several documents together fills the batches (the NER runs once per batch). Every
    sentence is its own ``Doc``, so the facts are those of one document at a time.
    """
    plans = [(doc, parts_of(sentences_of(doc)) or [[]]) for doc in docs]
    texts = (s.text for _, parts in plans for part in parts for s in part)
    stream = iter(nlp.pipe(texts, batch_size=batch_size))
    records: list[DocFacts] = []
    for doc, parts in plans:
        h = content_hash(doc.text)
        first = len(records)
        for sents in parts:
            sdocs = [next(stream) for _ in sents]
            records.append(DocFacts(doc.id, h, sents, *_part_facts(doc, sents, sdocs)))
        records[first].mentions.extend(byline_mentions(doc))
    return records


def extract(
    docs: Iterable[Document], nlp: Language, *, batch_size: int = 64, group_chars: int | None = None
) -> Iterator[DocFacts]:
    """The facts of every document, in order, a group of documents of about ``group_chars``
    (default :data:`GROUP_CHARS`) characters at a time (:func:`extract_documents`)."""
    limit = GROUP_CHARS if group_chars is None else group_chars
    group: list[Document] = []
    size = 0
    for doc in docs:
        group.append(doc)
        size += len(doc.text)
        if size >= limit:
            yield from extract_documents(group, nlp, batch_size=batch_size)
            group, size = [], 0
    if group:
        yield from extract_documents(group, nlp, batch_size=batch_size)


def sentence_mentions(doc: Document, sent: Sentence, sdoc: Any) -> list[Mention]:
    """The entities and nested entities of one sentence's ``Doc`` as :class:`Mention` records,
    with offsets in the document's text and in the original file."""
    nested = list(sdoc.spans[NESTED_KEY]) if NESTED_KEY in sdoc.spans else []
    out = []
    for ent in [*sdoc.ents, *nested]:
        s, e = sent.start + ent.start_char, sent.start + ent.end_char
        o_s, o_e = doc.to_original(s, e)
        out.append(Mention(ent.text, ent.label_, doc.id, sent.index, s, e, o_s, o_e, ent.id_ or "ner"))
    return out


def _part_facts(
    doc: Document, sents: list[Sentence], sdocs: Sequence
) -> tuple[list[Mention], list[Relation]]:
    mentions: list[Mention] = []
    raw: list[tuple[int, Candidate]] = []
    for sent, sdoc in zip(sents, sdocs, strict=True):
        mentions.extend(sentence_mentions(doc, sent, sdoc))
        raw.extend((sent.index, r) for r in (sdoc._.get(RELATIONS_ATTR) or []))
    mentions = propagate(vote_labels(mentions), sents, doc.to_original)
    return mentions, resolve_relations(sents, mentions, raw)
