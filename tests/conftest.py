"""Shared fixtures: the pipeline is loaded once per session (pkuseg load takes seconds).

Tests that need the fetched pkuseg model (``kg fetch-models``) are marked ``model`` (those
that use the ``nlp`` fixture automatically); without the model they are skipped with the
reason, or fail under ``CI=1`` (``.ci/run`` fetches it).
"""

from __future__ import annotations

import os

import pytest
import spacy

from kg.lexicons import load_lexicons
from kg.pipeline.factories import read_patterns


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
    blank = spacy.blank("zh")
    r = blank.add_pipe("kg_regex_ruler")
    r.initialize(patterns=read_patterns("entities"), lexicons=lexicons)
    return r


def pytest_collection_modifyitems(items):
    """Tests that use the pipeline fixture need the model: mark them ``model``."""
    for item in items:
        if "nlp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)


def pytest_runtest_setup(item):
    """Without the fetched model a ``model`` test is skipped (failed under ``CI=1``), with the reason."""
    if item.get_closest_marker("model") is None:
        return
    from kg.models.fetch import pkuseg_model_path

    try:
        pkuseg_model_path()
    except FileNotFoundError as err:
        if os.environ.get("CI"):
            pytest.fail(str(err))
        pytest.skip(str(err))
