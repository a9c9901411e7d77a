"""Speed and memory of kg on at least 1 MB of news text.

Measures, in one process: characters/second of pkuseg segmentation alone
(``nlp.make_doc``), of the whole pipeline (``nlp.pipe``), of each pipeline component
alone, and of the whole build with its export (``kg.builder.build``), plus load time and
peak resident memory.

The text is People's Daily January 1998 rejoined from ``../shared/data`` (not
committed), cut into articles of about 2,000 characters, or the bundled sample page
repeated when the corpus is absent::

    python benchmarks/pipeline.py --data ../shared/data --json benchmarks/results/pipeline.json
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import tempfile
import time
from pathlib import Path


def corpus_text(data: Path, chars: int) -> tuple[list[str], str]:
    """Documents totalling at least ``chars`` characters, and where they came from."""
    src = data / "peoples_daily_1998" / "199801_seg.txt"
    docs: list[str] = []
    total = 0
    if src.exists():
        buf: list[str] = []
        with open(src, encoding="utf-8") as fh:
            for line in fh:
                buf.append(line.replace(" ", "").strip())
                if sum(map(len, buf)) >= 2000:
                    docs.append("\n".join(buf))
                    total += len(docs[-1])
                    buf = []
                if total >= chars:
                    break
        return docs, str(src)
    from kg.reader import sample_path

    page = sample_path().read_text(encoding="utf-8")
    while total < chars:
        docs.append(page)
        total += len(page)
    return docs, "bundled sample page (repeated)"


def timed_build(docs: list[str], *, nlp=None, jobs: int = 1):
    """Seconds and result of ``kg build`` (every export written) over ``docs`` as files."""
    from kg.builder import build

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, d in enumerate(docs):
            (folder / f"{i:06d}.txt").write_text(d, encoding="utf-8")
        t = time.perf_counter()
        result = build([folder], Path(tmp) / "out", nlp=nlp, jobs=jobs)
        return time.perf_counter() - t, result


def save_json(path: Path | None, data: dict) -> None:
    """Write a benchmark's figures (UTF-8, indented) when a path is given."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from kg.pipeline.assemble import load_pipeline

    docs, source = corpus_text(args.data, args.chars)
    n_chars = sum(map(len, docs))
    res: dict = {"source": source, "documents": len(docs), "characters": n_chars}

    t = time.perf_counter()
    nlp = load_pipeline()
    res["load_seconds"] = round(time.perf_counter() - t, 2)
    res["rss_after_load_mb"] = round(peak_rss_mb(), 1)

    t = time.perf_counter()
    for d in docs:
        nlp.make_doc(d)
    res["segmentation_chars_per_s"] = round(n_chars / (time.perf_counter() - t))

    from kg.sentences import split_sentences

    sents = [d[s:e] for d in docs for s, e in split_sentences(d)]
    t = time.perf_counter()
    n_ents = sum(len(doc.ents) for doc in nlp.pipe(sents, batch_size=64))
    res["pipeline_chars_per_s"] = round(n_chars / (time.perf_counter() - t))
    res["entities"] = n_ents

    seconds, result = timed_build(docs, nlp=nlp)
    res["build_chars_per_s"] = round(n_chars / seconds)
    res["graph_nodes"] = result.graph.number_of_nodes()
    res["peak_rss_mb"] = round(peak_rss_mb(), 1)

    # each component alone, over the same sentences segmented once (after the build, so
    # that holding every doc at once does not count in its peak memory)
    words = [nlp.make_doc(s) for s in sents]
    res["component_chars_per_s"] = {}
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        if hasattr(proc, "pipe"):
            words = list(proc.pipe(words, batch_size=64))
        else:
            words = [proc(w) for w in words]
        res["component_chars_per_s"][name] = round(n_chars / (time.perf_counter() - t))
    del words
    res["machine"] = {
        "cpus": __import__("os").cpu_count(),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    print(json.dumps(res, ensure_ascii=False, indent=1))
    save_json(args.json, res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
