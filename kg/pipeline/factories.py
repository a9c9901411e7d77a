"""Every ``@Language.factory`` of kg, and nothing else."""

from __future__ import annotations

from spacy.language import Language

from kg.pipeline.char_ner import CharNER
from kg.pipeline.entity_filter import EntityFilter
from kg.pipeline.lac_proposals import LacProposals
from kg.pipeline.regex_ruler import RegexRuler
from kg.pipeline.relation_model import RelationModel
from kg.pipeline.relation_ruler import RelationRuler


@Language.factory(
    "kg_char_ner",
    assigns=["doc.ents"],
    default_config={"labels": ["PERSON", "TITLE", "GOV_ORG", "COMPANY", "ORG", "PLACE"]},
)
def make_char_ner(nlp: Language, name: str, labels: list[str]) -> CharNER:
    """Character-level statistical NER (see :mod:`kg.pipeline.char_ner`)."""
    return CharNER(nlp, name, labels=labels)


@Language.factory(
    "kg_regex_ruler",
    assigns=["doc.ents"],
    default_config={"overwrite": True, "mask": "FUNCTION_WORDS", "nested_key": "kg_nested"},
)
def make_regex_ruler(
    nlp: Language, name: str, overwrite: bool | str, mask: str | None, nested_key: str | None
) -> RegexRuler:
    """Character-level regex span ruler (see :mod:`kg.pipeline.regex_ruler`)."""
    return RegexRuler(nlp, name, overwrite=overwrite, mask=mask, nested_key=nested_key)


@Language.factory(
    "kg_entity_filter",
    assigns=["doc.ents"],
    default_config={
        "heads": {
            "GOV_ORG": ["GOV_HEAD", "SUBUNIT_HEAD", "ADMIN_BODY"],
            "COMPANY": ["COMPANY_HEAD"],
            "ORG": ["ORG_HEAD"],
            "PLACE": ["FEATURE_HEAD", "ADMIN"],
            "EVENT": ["EVENT_HEAD"],
            "PROJECT": ["PROJECT_HEAD"],
            "TITLE": ["TITLE"],
        }
    },
)
def make_entity_filter(nlp: Language, name: str, heads: dict[str, list[str]]) -> EntityFilter:
    """Drops statistical entities made of ordinary words (see :mod:`kg.pipeline.entity_filter`)."""
    return EntityFilter(nlp, name, heads=heads)


@Language.factory("kg_relation_ruler", requires=["doc.ents"], assigns=["doc._.kg_relations"])
def make_relation_ruler(nlp: Language, name: str) -> RelationRuler:
    """Relation frames over the entity skeleton (see :mod:`kg.pipeline.relation_ruler`)."""
    return RelationRuler(nlp, name)


@Language.factory(
    "kg_relation_model",
    requires=["doc.ents"],
    assigns=["doc._.kg_relations"],
    default_config={"threshold": 0.5},
)
def make_relation_model(nlp: Language, name: str, threshold: float) -> RelationModel:
    """Learned classifier over candidate pairs (see :mod:`kg.pipeline.relation_model`)."""
    return RelationModel(nlp, name, threshold=threshold)


@Language.factory("kg_lac_proposals", assigns=["doc.ents"], default_config={"threads": 1})
def make_lac_proposals(nlp: Language, name: str, threads: int) -> LacProposals:
    """Baidu LAC entities as gap-filling proposals (see :mod:`kg.pipeline.lac_proposals`)."""
    return LacProposals(nlp, name, threads=threads)
