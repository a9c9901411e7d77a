"""kg's models: the NERs shipped in the package, by name, and the fetched segmenter (:mod:`.fetch`).

Examples
--------
>>> ner_model_dir("tagger").name, ner_model_dir("transition").name
('ner', 'ner_accurate')
"""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).parent
NER_MODELS = {
    "tagger": MODELS_DIR / "ner",  # BILUO tagger: the default, fast
    "transition": MODELS_DIR / "ner_accurate",  # spaCy's transition-based ner: slower
}
DEFAULT_NER = "tagger"
RELATION_MODEL_DIR = MODELS_DIR / "relations"  # kg_relation_model's weights (kg train relations)


def ner_model_dir(ner: str | Path = DEFAULT_NER) -> Path:
    """The folder of the NER named ``ner`` (``"tagger"`` or ``"transition"``), or ``ner`` as a path.

    Raises
    ------
    ValueError
        When ``ner`` is neither a known name nor a folder holding a trained model (``inner/``).
    """
    if str(ner) in NER_MODELS:
        return NER_MODELS[str(ner)]
    path = Path(ner)
    if not (path / "inner").is_dir():
        raise ValueError(
            f"unknown NER {str(ner)!r}: use one of {', '.join(NER_MODELS)} or a trained model folder"
        )
    return path


def relation_model_dir(model: str | Path | None = None) -> Path:
    """The folder of a trained relation model: ``model``, or the one shipped with kg.

    Raises
    ------
    ValueError
        When the folder holds no trained relation model (``model.msgpack``).
    """
    path = RELATION_MODEL_DIR if model in (None, "", "default") else Path(model)
    if not (path / "model.msgpack").is_file():
        raise ValueError(f"{path}: no trained relation model here (model.msgpack; see kg train relations)")
    return path
