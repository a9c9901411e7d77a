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


def sentences_of(doc: Document) -> list[Sentence]:
    """The sentences of every article of ``doc`` (headlines and bylines excluded)."""
    out: list[Sentence] = []
    for a, art in enumerate(doc.articles):
        for s, e in split_sentences(doc.text[art.start : art.end]):
            s, e = s + art.start, e + art.start
            o_s, o_e = doc.to_original(s, e)
            out.append(Sentence(doc.id, len(out), s, e, doc.text[s:e], o_s, o_e, a))
    return out


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
        frames of ``kg_relation_ruler`` and from names (:mod:`kg.facts.relations`).
    """
    for doc in docs:
        sents = sentences_of(doc)
        mentions: list[Mention] = []
        raw: list[tuple[int, dict]] = []
        texts = (s.text for s in sents)
        for sent, sdoc in zip(
            sents, nlp.pipe(texts, batch_size=batch_size, n_process=n_process), strict=True
        ):
            nested = list(sdoc.spans[NESTED_KEY]) if NESTED_KEY in sdoc.spans else []
            for ent in [*sdoc.ents, *nested]:
                s, e = sent.start + ent.start_char, sent.start + ent.end_char
                o_s, o_e = doc.to_original(s, e)
                mentions.append(
                    Mention(ent.text, ent.label_, doc.id, sent.index, s, e, o_s, o_e, ent.id_ or "ner")
                )
            raw.extend((sent.index, r) for r in (sdoc._.get("kg_relations") or []))
        mentions = propagate(vote_labels(mentions), sents, doc.to_original)
        yield doc, sents, mentions, resolve_relations(sents, mentions, raw)
