"""Every ``@Language.factory`` of kg, and the registered functions its pipeline config uses.

The factories are published through the ``spacy_factories`` entry point (``pyproject.toml``),
so that ``spacy.load`` of a saved kg pipeline finds them; importing this module registers
them and the ``kg.patterns.v1`` reader and ``kg.pkuseg_model.v1`` function of
``kg/data/configs/pipeline.cfg``.
"""

from __future__ import annotations

from pathlib import Path

import srsly
from spacy import registry
from spacy.language import Language

from kg.lexicons import DATA_DIR
from kg.pipeline.char_ner import CharNER
from kg.pipeline.entity_filter import EntityFilter
from kg.pipeline.lac_proposals import LacProposals
from kg.pipeline.lexicon_store import LexiconStore
from kg.pipeline.name_lists import NameLists
from kg.pipeline.regex_ruler import RegexRuler
from kg.pipeline.relation_model import RelationModel
from kg.pipeline.relation_ruler import RelationRuler
from kg.schema import ENTITY_LABELS, NESTED_KEY, RELATIONS_ATTR

PATTERNS_DIR = DATA_DIR / "patterns"


@Language.factory("kg_lexicons")
def make_lexicon_store(nlp: Language, name: str) -> LexiconStore:
    """The lexicons the rule components share (see :mod:`kg.pipeline.lexicon_store`)."""
    return LexiconStore(nlp, name)


@Language.factory(
    "kg_char_ner",
    assigns=["doc.ents"],
    default_config={"labels": ["PERSON", "TITLE", "GOV_ORG", "COMPANY", "ORG", "PLACE", "EVENT", "DOCUMENT"]},
)
def make_char_ner(nlp: Language, name: str, labels: list[str]) -> CharNER:
    """Character-level statistical NER (see :mod:`kg.pipeline.char_ner`)."""
    unknown = set(labels) - set(ENTITY_LABELS)
    if unknown:
        raise ValueError(f"kg_char_ner: labels {sorted(unknown)} are not kg's (kg.schema.ENTITY_LABELS)")
    return CharNER(nlp, name, labels=labels)


@Language.factory(
    "kg_regex_ruler",
    assigns=["doc.ents"],
    default_config={"overwrite": True, "mask": "FUNCTION_WORDS", "nested_key": NESTED_KEY},
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


@Language.factory("kg_name_lists", assigns=["doc.ents"])
def make_name_lists(nlp: Language, name: str) -> NameLists:
    """Names listed with persons are persons (see :mod:`kg.pipeline.name_lists`)."""
    return NameLists(nlp, name)


@Language.factory("kg_relation_ruler", requires=["doc.ents"], assigns=[f"doc._.{RELATIONS_ATTR}"])
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


@registry.readers("kg.patterns.v1")
def read_patterns(name: str) -> list[dict]:
    """The patterns (or frames) ``kg/data/patterns/<name>.zh.jsonl`` shipped with kg."""
    return list(srsly.read_jsonl(PATTERNS_DIR / f"{name}.zh.jsonl"))


@registry.misc("kg.pkuseg_model.v1")
def pkuseg_model(path: str | None = None) -> str:
    """The folder of the pkuseg model: ``path``, or the one ``kg fetch-models`` installed."""
    from kg.models.fetch import pkuseg_model_path

    return str(Path(path) if path else pkuseg_model_path())
