"""Every ``@Language.factory`` of kg, and nothing else."""

from __future__ import annotations

from spacy.language import Language

from kg.pipeline.char_ner import CharNER
from kg.pipeline.regex_ruler import RegexRuler


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
    default_config={"overwrite": True, "mask": "FUNCTION_WORDS"},
)
def make_regex_ruler(nlp: Language, name: str, overwrite: bool, mask: str | None) -> RegexRuler:
    """Character-level regex span ruler (see :mod:`kg.pipeline.regex_ruler`)."""
    return RegexRuler(nlp, name, overwrite=overwrite, mask=mask)
