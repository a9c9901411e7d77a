"""Shared fixtures: the pipeline is loaded once per session (pkuseg load takes seconds)."""

from __future__ import annotations

import pytest
import spacy
import srsly

from kg.pipeline.assemble import ENTITY_PATTERNS, load_lexicons


@pytest.fixture(scope="session")
def nlp():
    from kg.pipeline.assemble import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def lexicons() -> dict:
    return load_lexicons()


@pytest.fixture()
def ruler(lexicons):
    """The entity rules alone, on a blank pipeline (docs are built from hand-segmented words)."""
    import kg.pipeline.factories  # noqa: F401

    blank = spacy.blank("zh")
    r = blank.add_pipe("kg_regex_ruler")
    r.initialize(patterns=list(srsly.read_jsonl(ENTITY_PATTERNS)), lexicons=lexicons)
    return r
