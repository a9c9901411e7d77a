"""Speed and validation score of character NER models (``benchmarks/results/ner.md``).

For each model directory (``kg train ner --out DIR``), the characters/second of the
``kg_char_ner`` component alone over segmented People's Daily sentences (one process),
and the CLUENER validation P/R/F from the model's ``scores.json``::

    python benchmarks/ner_models.py kg/models/ner kg/models/ner_accurate --data ../shared/data

Entity F1 on the news gold sets comes from ``python benchmarks/quality.py --ner DIR``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pipeline import corpus_text, save_json


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", type=Path)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--chars", type=int, default=300_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from kg.pipeline.assemble import load_pipeline
    from kg.sentences import split_sentences

    docs, source = corpus_text(args.data, args.chars)
    sents = [d[s:e] for d in docs for s, e in split_sentences(d)]
    n_chars = sum(map(len, sents))
    out: dict = {"source": source, "characters": n_chars, "models": {}}
    for model in args.models:
        nlp = load_pipeline(ner=model)
        words = [nlp.make_doc(s) for s in sents]
        ner = nlp.get_pipe("kg_char_ner")
        t = time.perf_counter()
        for _ in ner.pipe(words, batch_size=64):
            pass
        seconds = time.perf_counter() - t
        scores = json.loads((model / "scores.json").read_text(encoding="utf-8"))
        out["models"][str(model)] = {
            "architecture": ner.inner.pipe_names[0],
            "ner_chars_per_s": round(n_chars / seconds),
            "dev_p": round(scores["ents_p"], 3),
            "dev_r": round(scores["ents_r"], 3),
            "dev_f": round(scores["ents_f"], 3),
        }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    save_json(args.json, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
