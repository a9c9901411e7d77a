"""Train kg's character-level NER (``kg train ner``) on CLUENER 2020, MSRA and local news.

Reproducible from ``../shared/data`` with one command each::

    kg train ner --data ../shared/data            # kg/models/ner/ (BILUO tagger, the default)
    kg train ner --data ../shared/data --localnews-dev-fold 0 --out DIR   # cross-validation
    kg train ner --data ../shared/data --config kg/data/configs/char_ner.cfg \
        --out kg/models/ner_accurate              # the transition-based model (--ner transition)

CLUENER labels map to kg's: name→PERSON, position→TITLE, government→GOV_ORG,
company→COMPANY, organization→ORG, address/scene→PLACE; book, movie and game are
not kg's concern and are left unlabelled. The annotated local news (``DATA/localnews``,
kg's own domain, the only supervision for EVENT, PROJECT and DOCUMENT) is repeated ten
times in the training split. A fixed 10 % of CLUENER (seeded shuffle) is held out for
validation; per-label scores go to ``scores.json`` beside the model.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from collections.abc import Sequence
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.scorer import PRFScore
from spacy.training import Example, offsets_to_biluo_tags
from spacy.util import filter_spans, minibatch

from kg.pipeline.char_ner import INNER_CONFIG, char_doc, predict_char_spans

LABEL_MAP = {
    "name": "PERSON",
    "position": "TITLE",
    "government": "GOV_ORG",
    "company": "COMPANY",
    "organization": "ORG",
    "address": "PLACE",
    "scene": "PLACE",
}
DEFAULT_OUT = Path(__file__).parent.parent / "models" / "ner"
log = logging.getLogger("kg.train")


def read_cluener(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Read CLUENER JSON lines into ``(text, [(start, end_exclusive, kg_label)])``."""
    rows = []
    for rec in srsly.read_jsonl(path):
        spans = [
            (s, e + 1, LABEL_MAP[lab])
            for lab, ents in rec["label"].items()
            if lab in LABEL_MAP
            for offsets in ents.values()
            for s, e in offsets
        ]
        rows.append((rec["text"], spans))
    return rows


def read_msra(path: Path, max_sentences: int | None = None, seed: int = 13) -> list[tuple[str, list]]:
    """Read MSRA char-BIO sentences that have no ORG entity, as ``(text, spans)``.

    MSRA's ORG lumps government bodies, companies and other organisations together, so
    sentences with an ORG would teach the model that a bureau is *not* a GOV_ORG; only
    PER→PERSON and LOC→PLACE are taken, from sentences without ORG.
    """
    rows: list[tuple[str, list]] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if chars and not any(t.endswith("ORG") for t in tags):
            spans, start = [], None
            for i, t in enumerate([*tags, "O"]):
                if start is not None and not t.startswith("I-"):
                    spans.append((start, i, {"PER": "PERSON", "LOC": "PLACE"}[tags[start][2:]]))
                    start = None
                if t.startswith("B-"):
                    start = i
            rows.append(("".join(chars), spans))
        chars.clear()
        tags.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2:
                flush()
                continue
            chars.append(parts[0])
            tags.append(parts[1])
    flush()
    if max_sentences and len(rows) > max_sentences:
        rows = random.Random(seed).sample(rows, max_sentences)
    return rows


def read_localnews(
    folder: Path, *, skip_fold: int | None = None, only_fold: int | None = None, folds: int = 5
) -> list[tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]]:
    """Sentences of the annotated local news as ``(text, spans, unknown)`` rows.

    Every gold entity of kg's eight types and the titles of the HOLDS_POSITION facts are
    spans; names the gold marks ``optional`` are *unknown*: their characters carry no tag,
    so the tagger is neither rewarded nor punished there. Documents are dealt into
    ``folds`` as :func:`kg.training.gold.folds` does; ``skip_fold`` leaves one out (for
    cross-validation against the whole pipeline), ``only_fold`` reads that one alone.
    """
    from kg.sentences import split_sentences
    from kg.training.gold import folds as deal
    from kg.training.gold import read_gold_set

    docs = read_gold_set(folder)
    if skip_fold is not None:
        docs = [d for i, f in enumerate(deal(docs, folds)) if i != skip_fold for d in f]
    if only_fold is not None:
        docs = deal(docs, folds)[only_fold]
    rows = []
    for d in docs:
        free_titles = [t for t in d.titles if not any(a < t[1] and t[0] < b for a, b, _ in d.entities)]
        spans = sorted(d.entities + free_titles)
        for s, e in split_sentences(d.text):
            inside = [(a - s, b - s, lab) for a, b, lab in spans if s <= a and b <= e]
            if any(a < e and s < b and not (s <= a and b <= e) for a, b, _ in spans):
                continue  # a name across a sentence end: the sentence is not cleanly labelled
            unknown = [(a - s, b - s) for a, b in d.unknown if s <= a and b <= e]
            rows.append((d.text[s:e], inside, unknown))
    return rows


def split_rows(rows: list, dev_fraction: float = 0.1, seed: int = 13) -> tuple[list, list]:
    """Deterministic train/dev split."""
    idx = list(range(len(rows)))
    random.Random(seed).shuffle(idx)
    n_dev = int(len(rows) * dev_fraction)
    dev = [rows[i] for i in sorted(idx[:n_dev])]
    train = [rows[i] for i in sorted(idx[n_dev:])]
    return train, dev


def make_examples(rows: Sequence, word_nlp: Language, char_nlp: Language) -> list[Example]:
    """Segment each text with the word tokenizer and build character-level examples."""
    examples = []
    for text, spans, *rest in rows:
        unknown = rest[0] if rest else ()
        words = [t.text + t.whitespace_ for t in word_nlp.make_doc(text)]
        words = [w for w in words if w]
        pred = char_doc(char_nlp.vocab, words)
        ref = char_doc(char_nlp.vocab, words)
        ents = filter_spans([sp for s, e, lab in spans if (sp := ref.char_span(s, e, label=lab))])
        ref.ents = ents
        if "tagger" in char_nlp.pipe_names:
            # The gold BILUO tags go to the reference doc only: the predicted doc keeps
            # its B/I/E/S word positions, which are features.
            biluo = offsets_to_biluo_tags(ref, [(e.start_char, e.end_char, e.label_) for e in ents])
            for token, tag in zip(ref, biluo, strict=True):
                token.tag_ = tag
            for a, b in unknown:
                for token in ref[a:b]:
                    token.tag_ = ""  # missing: no loss on an optional name
        examples.append(Example(pred, ref))
    return examples


def misaligned_share(rows: Sequence, word_nlp: Language) -> dict[str, float]:
    """Share of gold spans, per label and overall, whose edges fall inside a pkuseg word.

    These are the spans a token-level ``ner`` over pkuseg words could not represent
    (spaCy issue 5112); kg's character NER represents all of them.
    """
    total: dict[str, int] = {}
    lost: dict[str, int] = {}
    for text, spans in rows:
        doc = word_nlp.make_doc(text)
        for s, e, label in spans:
            for key in (label, "all"):
                total[key] = total.get(key, 0) + 1
                if doc.char_span(s, e) is None:
                    lost[key] = lost.get(key, 0) + 1
    return {k: round(lost.get(k, 0) / n, 4) for k, n in sorted(total.items())}


def evaluate(nlp: Language, examples: list[Example], batch_size: int = 256) -> dict:
    """Entity P/R/F (exact spans) overall and per label on ``examples``."""
    total = PRFScore()
    per_type: dict[str, PRFScore] = {}
    for batch in minibatch(examples, size=batch_size):
        predicted = predict_char_spans(nlp, [eg.predicted for eg in batch])
        for eg, spans in zip(batch, predicted, strict=True):
            gold = {(e.start_char, e.end_char, e.label_) for e in eg.reference.ents}
            guess = set(spans)
            for label in {s[2] for s in gold | guess}:
                per_type.setdefault(label, PRFScore()).score_set(
                    {s for s in guess if s[2] == label}, {s for s in gold if s[2] == label}
                )
            total.score_set(guess, gold)
    return {
        "ents_p": total.precision,
        "ents_r": total.recall,
        "ents_f": total.fscore,
        "per_type": {k: v.to_dict() for k, v in sorted(per_type.items())},
    }


def train_ner(
    data_dir: Path,
    out_dir: Path = DEFAULT_OUT,
    *,
    epochs: int = 15,
    patience: int = 3,
    max_examples: int | None = None,
    msra: int = 0,
    seed: int = 13,
    dropout: float = 0.2,
    config: Path = INNER_CONFIG,
    localnews: Path | None = None,
    localnews_weight: int = 10,
    localnews_dev_fold: int | None = None,
) -> dict:
    """Train the character NER and write the best epoch to ``out_dir``.

    Parameters
    ----------
    data_dir : Path
        The shared data folder (holds ``cluener2020/train.json``).
    out_dir : Path
        Destination; ``out_dir/inner`` is the spaCy pipeline, ``scores.json`` the dev scores.
    max_examples : int, optional
        Use only the first N rows (for smoke tests).
    msra : int
        Add up to this many MSRA training sentences (PERSON/PLACE only) to the training
        split; the validation split stays pure CLUENER so scores remain comparable.
    config : Path
        The inner pipeline's config: a BILUO ``tagger`` (default) or a ``ner``.
    localnews : Path, optional
        The annotated local news (``articles/`` and ``gold/``): its sentences join the
        training split ``localnews_weight`` times over (kg's own domain, and the only
        supervision for PROJECT, EVENT and DOCUMENT).
    localnews_dev_fold : int, optional
        Leave this fold of the local news (of five) out of training and validate on it as
        well; the saved epoch is then the one with the best mean of the two validation F1.
    patience : int
        Stop after this many epochs without a better validation F1; 0 trains every epoch
        and saves the last (the final model, once cross-validation chose the epochs).

    Returns
    -------
    dict
        Dev scores of the saved model.
    """
    from kg.pipeline.assemble import blank_word_pipeline

    spacy.util.fix_random_seed(seed)
    path = Path(data_dir) / "cluener2020" / "train.json"
    if not path.exists():
        raise FileNotFoundError(f"{path}: CLUENER training file not found (pass --data DIR)")
    rows = read_cluener(path)
    if max_examples:
        rows = rows[:max_examples]
    train_rows, dev_rows = split_rows(rows, seed=seed)
    cluener_rows = train_rows
    extra: list = []
    if msra:
        extra = read_msra(Path(data_dir) / "msra_ner" / "msra_train_bio.txt", msra, seed=seed)
        log.info("adding %d MSRA sentences without ORG", len(extra))
        train_rows = train_rows + extra
    local_dev_rows: list = []
    if localnews:
        local = read_localnews(Path(localnews), skip_fold=localnews_dev_fold)
        log.info("adding %d local-news sentences x%d", len(local), localnews_weight)
        train_rows = train_rows + local * localnews_weight
        if localnews_dev_fold is not None:
            local_dev_rows = read_localnews(Path(localnews), only_fold=localnews_dev_fold)
            log.info("local-news validation: fold %d, %d sentences", localnews_dev_fold, len(local_dev_rows))
    word_nlp = blank_word_pipeline()
    char_nlp = spacy.util.load_model_from_config(spacy.util.load_config(config), auto_fill=True)
    t0 = time.time()
    train = make_examples(train_rows, word_nlp, char_nlp)
    dev = make_examples(dev_rows, word_nlp, char_nlp)
    local_dev = make_examples(local_dev_rows, word_nlp, char_nlp)
    log.info("examples: train=%d dev=%d (segmented in %.1fs)", len(train), len(dev), time.time() - t0)
    misaligned = misaligned_share(cluener_rows, word_nlp)
    log.info("gold spans crossing pkuseg word edges: %s", misaligned)
    optimizer = char_nlp.initialize(lambda: train)
    best: dict = {"ents_f": -1.0}
    stale = 0
    out_dir = Path(out_dir)
    for epoch in range(1, epochs + 1):
        random.Random(seed + epoch).shuffle(train)
        losses: dict = {}
        t0 = time.time()
        for batch in minibatch(train, size=spacy.util.compounding(8.0, 64.0, 1.001)):
            char_nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
        with char_nlp.use_params(optimizer.averages):
            scores = evaluate(char_nlp, dev)
            selected = scores["ents_f"]
            if local_dev:
                scores["localnews"] = evaluate(char_nlp, local_dev)
                selected = (selected + scores["localnews"]["ents_f"]) / 2
            log.info(
                "epoch %d loss %.1f dev P %.3f R %.3f F %.3f%s (%.0fs)",
                epoch,
                sum(losses.values()),
                scores["ents_p"],
                scores["ents_r"],
                scores["ents_f"],
                f" local-news F {scores['localnews']['ents_f']:.3f}" if local_dev else "",
                time.time() - t0,
            )
            if selected > best.get("selected", -1.0) or patience == 0:
                scores["selected"] = selected
                best = {**scores, "epoch": epoch}
                stale = 0
                out_dir.mkdir(parents=True, exist_ok=True)
                char_nlp.to_disk(out_dir / "inner")
                srsly.write_json(
                    out_dir / "scores.json", {**best, "msra_sentences": msra, "misaligned_share": misaligned}
                )
            else:
                stale += 1
        if patience and stale >= patience:
            break
    best.update(
        train_examples=len(train),
        dev_examples=len(dev),
        msra_sentences=msra,
        misaligned_share=misaligned,
        localnews_weight=localnews_weight if localnews else 0,
        localnews_dev_fold=localnews_dev_fold,
    )
    srsly.write_json(out_dir / "scores.json", best)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kg train ner", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--epochs",
        type=int,
        default=None,
        help="at most this many epochs (default 14; 2 when training on all the local news)",
    )
    parser.add_argument("--max-examples", type=int, default=None)
    parser.add_argument("--config", type=Path, default=INNER_CONFIG, help="inner pipeline config")
    parser.add_argument(
        "--msra",
        type=int,
        default=15000,
        help="add up to N MSRA sentences (PERSON/PLACE); 0 for CLUENER alone",
    )
    parser.add_argument(
        "--localnews",
        type=Path,
        default=None,
        help="annotated local news to train on (default: DATA/localnews when it exists); 'none' for none",
    )
    parser.add_argument("--localnews-weight", type=int, default=10, help="times the local news is repeated")
    parser.add_argument("--localnews-dev-fold", type=int, default=None, help="hold out this fold (of 5)")
    parser.add_argument(
        "--patience",
        type=int,
        default=None,
        help="stop after N epochs without a better validation F1 (default 3); 0: keep the last epoch "
        "(the default when training on all the local news, which leaves no local validation)",
    )
    args = parser.parse_args(argv)
    if args.localnews is None and (args.data / "localnews" / "gold").is_dir():
        args.localnews = args.data / "localnews"
    elif args.localnews is not None and str(args.localnews) == "none":
        args.localnews = None
    # Cross-validation on the local news (fold 0 held out, weights 4, 10 and 20) chose weight 10
    # and the second epoch; without a held-out fold the final model trains exactly that long.
    final = args.localnews is not None and args.localnews_dev_fold is None
    if args.epochs is None:
        args.epochs = 2 if final else 14
    if args.patience is None:
        args.patience = 0 if final else 3
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    scores = train_ner(
        args.data,
        args.out,
        epochs=args.epochs,
        max_examples=args.max_examples,
        msra=args.msra,
        config=args.config,
        patience=args.patience,
        localnews=args.localnews,
        localnews_weight=args.localnews_weight,
        localnews_dev_fold=args.localnews_dev_fold,
    )
    log.info("best: %s", json.dumps({k: v for k, v in scores.items() if k != "per_type"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
