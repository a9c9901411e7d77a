"""Entity mentions with evidence: which document, which sentence, which characters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from kg.facts.consistency import propagate, vote_labels
from kg.facts.relations import resolve_relations
from kg.facts.types import Mention, Relation, Sentence
from kg.reader import Document
from kg.sentences import split_sentences

NESTED_KEY = "kg_nested"
# A document longer than this (a year of a paper in one file) is handled in parts of about
# this many characters, cut between articles where it can: label votes, propagation and
# anaphora stay within a part, and memory and time stay those of a long article.
PART_CHARS = 100_000


def sentences_of(doc: Document) -> list[Sentence]:
    """The sentences of every article of ``doc`` (headlines and bylines excluded)."""
    out: list[Sentence] = []
    for a, art in enumerate(doc.articles):
        for s, e in split_sentences(doc.text[art.start : art.end]):
            s, e = s + art.start, e + art.start
            o_s, o_e = doc.to_original(s, e)
            out.append(Sentence(doc.id, len(out), s, e, doc.text[s:e], o_s, o_e, a))
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


def extract_mentions(
    docs: Iterable[Document], nlp: Language, *, batch_size: int = 64, n_process: int = 1
) -> Iterator[tuple[Document, list[Sentence], list[Mention]]]:
    """Each document's sentences and mentions (see :func:`extract_facts`)."""
    for doc, sents, mentions, _ in extract_facts(docs, nlp, batch_size=batch_size, n_process=n_process):
        yield doc, sents, mentions


def extract_facts(
    docs: Iterable[Document], nlp: Language, *, batch_size: int = 64, n_process: int = 1
) -> Iterator[tuple[Document, list[Sentence], list[Mention], list[Relation]]]:
    """Run ``nlp`` over every sentence and yield each document's sentences, mentions and relations.

    Parameters
    ----------
    docs : iterable of Document
        Read by :mod:`kg.reader`.
    nlp : Language
        From :func:`kg.load_pipeline`.

    Yields
    ------
    (Document, list of Sentence, list of Mention, list of Relation)
        Mentions of ``doc.ents`` and of the nested spans ``doc.spans["kg_nested"]`` (the
        place in 孝义鹏飞集团, the owner in 华为山西（吕梁）大数据中心); relations from the
        frames of ``kg_relation_ruler`` and from names (:mod:`kg.facts.relations`). One
        item per document, or per part of a document longer than :data:`PART_CHARS`
        (:func:`parts_of`; sentence indexes run on across the parts).
    """
    for doc in docs:
        for sents in parts_of(sentences_of(doc)) or [[]]:
            mentions, relations = _part_facts(doc, sents, nlp, batch_size, n_process)
            yield doc, sents, mentions, relations


def _part_facts(
    doc: Document, sents: list[Sentence], nlp: Language, batch_size: int, n_process: int
) -> tuple[list[Mention], list[Relation]]:
    mentions: list[Mention] = []
    raw: list[tuple[int, dict]] = []
    texts = (s.text for s in sents)
    for sent, sdoc in zip(sents, nlp.pipe(texts, batch_size=batch_size, n_process=n_process), strict=True):
        nested = list(sdoc.spans[NESTED_KEY]) if NESTED_KEY in sdoc.spans else []
        for ent in [*sdoc.ents, *nested]:
            s, e = sent.start + ent.start_char, sent.start + ent.end_char
            o_s, o_e = doc.to_original(s, e)
            mentions.append(
                Mention(ent.text, ent.label_, doc.id, sent.index, s, e, o_s, o_e, ent.id_ or "ner")
            )
        raw.extend((sent.index, r) for r in (sdoc._.get("kg_relations") or []))
    mentions = propagate(vote_labels(mentions), sents, doc.to_original)
    return mentions, resolve_relations(sents, mentions, raw)
