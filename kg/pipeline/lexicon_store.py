"""The lexicons kg's rule components share, held and serialised once per pipeline.

The entity rules, the place rules, the nested rules, the entity filter, the relation frames
and the LAC proposals all read kg's lexicons (head nouns, titles, surnames, function words,
place names…). Stored by each of them, the lexicons would be written five times by
``nlp.to_disk``; instead the first component of the pipeline, ``kg_lexicons``, holds them and
serialises them (``lexicons.json``), and the others look them up with
:func:`shared_lexicons` when they are initialised or loaded (spaCy loads components in
pipeline order, so ``kg_lexicons`` is loaded first). It leaves docs unchanged.
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

from kg.lexicons import load_lexicons


class LexiconStore:
    """See the module docstring."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicons: dict[str, Any] = {}

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, lexicons: dict[str, Any] | None = None
    ) -> None:
        """Load ``lexicons`` (default: kg's own, :func:`kg.lexicons.load_lexicons`)."""
        self.lexicons = dict(load_lexicons() if lexicons is None else lexicons)

    def __call__(self, doc: Doc) -> Doc:
        return doc

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"lexicons": lambda: self.lexicons}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "LexiconStore":
        util.from_bytes(data, {"lexicons": lambda v: setattr(self, "lexicons", v)}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {"lexicons.json": lambda p: srsly.write_json(p, self.lexicons)}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "LexiconStore":
        util.from_disk(
            path, {"lexicons.json": lambda p: setattr(self, "lexicons", srsly.read_json(p))}, exclude
        )
        return self


def shared_lexicons(nlp: Language | None) -> dict[str, Any]:
    """The lexicons of the pipeline's :class:`LexiconStore`.

    Raises
    ------
    ValueError
        When ``nlp`` has no ``kg_lexicons`` component (add it first in the pipeline, or pass
        ``lexicons=`` to the component's ``initialize``).
    """
    for _, proc in nlp.components if nlp is not None else ():
        if isinstance(proc, LexiconStore):
            return proc.lexicons
    raise ValueError("this pipeline has no kg_lexicons component: add it first, or pass lexicons=")


class DerivedFromLexicons:
    """Serialisation of a component that has no data of its own, only what it derives from
    the pipeline's lexicons (and its config): writing stores nothing, loading derives again.

    A subclass keeps ``self.nlp`` and defines ``_derive(lexicons)``.
    """

    nlp: Language

    def _derive(self, lexicons: dict[str, Any]) -> None:
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()):
        self._derive(shared_lexicons(self.nlp))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()):
        self._derive(shared_lexicons(self.nlp))
        return self
