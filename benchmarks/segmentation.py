"""Benchmark pkuseg models as kg's spaCy Chinese tokenizer.

For each ``--model DIR`` this loads ``spacy.blank("zh")`` with the pkuseg segmenter and
``nlp.tokenizer.initialize(pkuseg_model=DIR)``, then measures

* word precision / recall / F1 on the SIGHAN 2005 PKU and MSR test gold and on the
  UD Chinese GSDSimp dev set. Each gold line is joined without spaces, segmented with
  ``nlp.make_doc`` and words are compared as (start, end) character-offset pairs, summed
  over the whole file (the semantics of the SIGHAN ``score`` script). For PKU and MSR the
  recall of out-of-vocabulary words (gold words absent from that bakeoff's training word
  list) is reported too, as the SIGHAN scorer does.
* load time of ``nlp.tokenizer.initialize`` (s), resident memory (psutil RSS) before and
  after it, and the peak RSS of the process (MB);
* tokenizer-only throughput (characters/second, single process): ``nlp.make_doc`` on each
  line of the SIGHAN PKU + MSR raw test text, repeated until ``--speed-chars`` characters.

Every model is measured in its own fresh Python subprocess so memory numbers do not mix.
``--user-dict FILE`` adds, for each model, a second run with ``pkuseg_user_dict=FILE``
(one word per line); otherwise spaCy's default (``"default"``) is used, as kg does.

Usage (from the project root)::

    python benchmarks/segmentation.py --model kg/models/pkuseg_mixed \\
        --model train_runs/pkuseg_news --data ../shared/data --json OUT.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

EVAL_SETS: dict[str, tuple[str, str | None]] = {
    # name: (gold file, training word list for OOV recall)
    "pku": ("icwb2_sighan2005/gold/pku_test_gold.utf8", "icwb2_sighan2005/gold/pku_training_words.utf8"),
    "msr": ("icwb2_sighan2005/gold/msr_test_gold.utf8", "icwb2_sighan2005/gold/msr_training_words.utf8"),
    "ud_dev": ("ud_chinese_gsdsimp/zh_gsdsimp-ud-dev.seg.txt", None),
}
SPEED_FILES = ("icwb2_sighan2005/testing/pku_test.utf8", "icwb2_sighan2005/testing/msr_test.utf8")
MB = 1_000_000  # decimal megabytes, for sizes and RSS alike


@dataclass
class Score:
    """Word-level segmentation counts and scores for one gold file."""

    gold: int = 0
    pred: int = 0
    correct: int = 0
    oov_gold: int = 0
    oov_correct: int = 0
    lines: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def oov_recall(self) -> float | None:
        return self.oov_correct / self.oov_gold if self.oov_gold else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = asdict(self)
        out.update(precision=self.precision, recall=self.recall, f1=self.f1, oov_recall=self.oov_recall)
        return out


@dataclass
class Result:
    """Everything measured for one model (and optional user dictionary)."""

    label: str
    model_dir: str
    user_dict: str | None
    size_bytes: int
    n_features: int
    load_seconds: float
    rss_before_mb: float
    rss_after_mb: float
    peak_rss_mb: float
    speed_chars: int
    speed_seconds: float
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def chars_per_second(self) -> float:
        return self.speed_chars / self.speed_seconds if self.speed_seconds else 0.0


def spans(words: Iterable[str]) -> set[tuple[int, int]]:
    """Return the (start, end) character offsets of consecutive words."""
    out: set[tuple[int, int]] = set()
    pos = 0
    for word in words:
        out.add((pos, pos + len(word)))
        pos += len(word)
    return out


def read_gold(path: Path) -> list[list[str]]:
    """Read a space-segmented gold file (any whitespace, CRLF tolerated), skipping empty lines."""
    with open(path, encoding="utf-8") as fh:
        return [words for words in (line.split() for line in fh) if words]


def read_wordlist(path: Path) -> set[str]:
    with open(path, encoding="utf-8") as fh:
        return {line.strip() for line in fh if line.strip()}


def score_file(nlp: Any, gold_path: Path, train_words: set[str] | None) -> Score:
    """Segment each gold line's concatenated text and compare word spans with the gold."""
    score = Score()
    for words in read_gold(gold_path):
        text = "".join(words)
        doc = nlp.make_doc(text)
        pred = {(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space}
        gold = spans(words)
        hit = pred & gold
        score.lines += 1
        score.gold += len(gold)
        score.pred += len(pred)
        score.correct += len(hit)
        if train_words is not None:
            pos = 0
            for word in words:
                if word not in train_words:
                    score.oov_gold += 1
                    score.oov_correct += (pos, pos + len(word)) in hit
                pos += len(word)
    return score


def speed_lines(data: Path, min_chars: int) -> list[str]:
    """Raw PKU + MSR test lines, repeated until they hold at least ``min_chars`` characters."""
    base: list[str] = []
    for rel in SPEED_FILES:
        with open(data / rel, encoding="utf-8") as fh:
            base.extend(line.strip() for line in fh if line.strip())
    lines: list[str] = []
    total = 0
    while total < min_chars:
        for line in base:
            lines.append(line)
            total += len(line)
            if total >= min_chars:
                break
    return lines


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / MB


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB


def model_size(model_dir: Path) -> int:
    """Bytes on disk of the files spacy-pkuseg loads."""
    return sum((model_dir / name).stat().st_size for name in ("features.msgpack", "weights.npz"))


def measure(model_dir: Path, data: Path, user_dict: Path | None, speed_chars: int) -> Result:
    """Load one model into a blank spaCy pipeline and measure it (run in a fresh process)."""
    import spacy
    import spacy_pkuseg  # noqa: F401 - imported before the RSS baseline on purpose

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    gc.collect()
    rss_before = _rss_mb()
    start = time.perf_counter()
    nlp.tokenizer.initialize(
        pkuseg_model=str(model_dir), pkuseg_user_dict=str(user_dict) if user_dict else "default"
    )
    load_seconds = time.perf_counter() - start
    gc.collect()
    rss_after = _rss_mb()

    lines = speed_lines(data, speed_chars)
    for line in lines[:200]:  # warm-up
        nlp.make_doc(line)
    start = time.perf_counter()
    for line in lines:
        nlp.make_doc(line)
    speed_seconds = time.perf_counter() - start

    scores: dict[str, dict[str, Any]] = {}
    for name, (gold_rel, words_rel) in EVAL_SETS.items():
        train_words = read_wordlist(data / words_rel) if words_rel else None
        scores[name] = score_file(nlp, data / gold_rel, train_words).to_dict()

    label = model_dir.name + (f" + {user_dict.name}" if user_dict else "")
    return Result(
        label=label,
        model_dir=str(model_dir),
        user_dict=str(user_dict) if user_dict else None,
        size_bytes=model_size(model_dir),
        n_features=int(nlp.tokenizer.pkuseg_seg.n_feature),
        load_seconds=load_seconds,
        rss_before_mb=rss_before,
        rss_after_mb=rss_after,
        peak_rss_mb=_peak_rss_mb(),
        speed_chars=sum(len(line) for line in lines),
        speed_seconds=speed_seconds,
        scores=scores,
    )


def run_worker(model_dir: Path, data: Path, user_dict: Path | None, speed_chars: int) -> Result:
    """Measure one model in a fresh subprocess and return its result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--model", str(model_dir)]
    cmd += ["--data", str(data), "--speed-chars", str(speed_chars)]
    if user_dict is not None:
        cmd += ["--user-dict", str(user_dict)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark of {model_dir} failed:\n{proc.stderr[-4000:]}")
    payload = json.loads(proc.stdout.strip().splitlines()[-1])
    return Result(**payload)


def markdown_tables(results: Sequence[Result]) -> str:
    """Render the summary and the detailed score tables."""
    head = (
        "| model | size on disk (MB) | PKU F1 | MSR F1 | UD dev F1 | load (s) "
        "| RSS after load (MB) | RSS Δ load (MB) | peak RSS (MB) | chars/s |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = []
    for r in results:
        s = r.scores
        rows.append(
            f"| {r.label} | {r.size_bytes / MB:.1f} | {s['pku']['f1']:.4f} | {s['msr']['f1']:.4f} "
            f"| {s['ud_dev']['f1']:.4f} | {r.load_seconds:.2f} | {r.rss_after_mb:.0f} "
            f"| {r.rss_after_mb - r.rss_before_mb:.0f} | {r.peak_rss_mb:.0f} | {r.chars_per_second:,.0f} |"
        )
    detail_head = "| model | set | P | R | F1 | OOV rate | R_oov | gold words | pred words |\n"
    detail_head += "|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
    detail = []
    for r in results:
        for name, s in r.scores.items():
            oov_rate = f"{s['oov_gold'] / s['gold']:.3f}" if s["oov_recall"] is not None else "–"
            r_oov = f"{s['oov_recall']:.4f}" if s["oov_recall"] is not None else "–"
            detail.append(
                f"| {r.label} | {name} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} "
                f"| {oov_rate} | {r_oov} | {s['gold']:,} | {s['pred']:,} |"
            )
    return head + "\n".join(rows) + "\n\n" + detail_head + "\n".join(detail) + "\n"


def machine_info() -> dict[str, Any]:
    """A short description of where the numbers were taken."""
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu)
    except OSError:
        pass
    import psutil

    return {
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load_avg_at_end": os.getloadavg(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, action="append", required=True, help="pkuseg model dir")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="shared data root")
    parser.add_argument("--json", type=Path, default=None, help="write all numbers to this JSON file")
    parser.add_argument("--user-dict", type=Path, default=None, help="also measure with this user dict")
    parser.add_argument(
        "--speed-chars", type=int, default=1_000_000, help="characters of raw text for the speed test"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = measure(args.model[0], args.data, args.user_dict, args.speed_chars)
        print(json.dumps(asdict(result), ensure_ascii=False))
        return 0

    results: list[Result] = []
    for model_dir in args.model:
        for user_dict in (None, args.user_dict) if args.user_dict else (None,):
            result = run_worker(model_dir, args.data, user_dict, args.speed_chars)
            print(f"done: {result.label} ({result.load_seconds:.1f} s load)", file=sys.stderr)
            results.append(result)

    print(markdown_tables(results))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "machine": machine_info(),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "results": [asdict(r) | {"chars_per_second": r.chars_per_second} for r in results],
        }
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
