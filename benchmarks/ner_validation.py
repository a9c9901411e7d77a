"""CLUENER 2020 validation F1 of kg's NER, strict spans, for the six labels kg maps.

kg keeps a fixed 10 % of CLUENER's ``train.json`` out of training (``kg train ner``, seeded
shuffle): that split stands in for CLUENER's own dev set, which is not in ``../shared/data``.
Scored twice: the character NER alone (``--model-only``, as in the model's ``scores.json``)
and the whole entity pipeline (NER, filter and rules; relations off), label by label and
macro-averaged over PERSON, TITLE, GOV_ORG, COMPANY, ORG and PLACE::

    python benchmarks/ner_validation.py --data ../shared/data [--ner DIR] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spacy.scorer import PRFScore

LABELS = ("PERSON", "TITLE", "GOV_ORG", "COMPANY", "ORG", "PLACE")


def score(pairs) -> dict:
    """Per-label and macro P/R/F of ``(gold spans, predicted spans)`` pairs."""
    per = {lab: PRFScore() for lab in LABELS}
    for gold, guess in pairs:
        for lab in LABELS:
            per[lab].score_set({s for s in guess if s[2] == lab}, {s for s in gold if s[2] == lab})
    out = {
        lab: {"p": round(p.precision, 4), "r": round(p.recall, 4), "f": round(p.fscore, 4)}
        for lab, p in per.items()
    }
    out["macro_f"] = round(sum(v["f"] for v in out.values()) / len(LABELS), 4)
    micro = PRFScore()
    for p in per.values():
        micro.tp += p.tp
        micro.fp += p.fp
        micro.fn += p.fn
    out["micro_f"] = round(micro.fscore, 4)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--ner", default="tagger", help="tagger | transition | model folder")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import kg
    from kg.training.ner import read_cluener, split_rows

    _, dev = split_rows(read_cluener(args.data / "cluener2020" / "train.json"))
    nlp = kg.load_pipeline(ner=args.ner, relations=False)
    char_ner = nlp.get_pipe("kg_char_ner")
    texts = [t for t, _ in dev]
    gold = [{(s, e, lab) for s, e, lab in spans if lab in LABELS} for _, spans in dev]
    docs = list(nlp.pipe(texts, batch_size=256))
    pipeline = [{(e.start_char, e.end_char, e.label_) for e in d.ents} for d in docs]
    model = [set(char_ner.predict_spans(nlp.make_doc(t))) for t in texts]
    result = {
        "sentences": len(dev),
        "ner": args.ner,
        "model_only": score(zip(gold, model, strict=True)),
        "pipeline": score(zip(gold, pipeline, strict=True)),
    }
    for name in ("model_only", "pipeline"):
        r = result[name]
        print(
            f"{name:11s} macro F1 {r['macro_f']:.3f} micro F1 {r['micro_f']:.3f}  "
            + "  ".join(f"{lab} {r[lab]['f']:.2f}" for lab in LABELS)
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
