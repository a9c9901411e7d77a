"""Train a news-domain pkuseg word segmenter on People's Daily, January 1998.

The corpus is ``peoples_daily_1998/199801_seg.txt`` under the shared data folder:
one paragraph per line, words separated by spaces (PKU standard, fullwidth digits),
which is exactly the input format of :func:`spacy_pkuseg.train`.

Notes on ``spacy_pkuseg.train`` (spacy-pkuseg 1.0.x) that shape this module:

* It takes two *file paths* (train and test) and a save directory. The test file is
  decoded after every iteration to print a dev F1; it does not affect training.
* It drives everything through the module-global ``spacy_pkuseg.config.config``:
  it sets ``trainFile``, ``testFile``, ``modelDir``, ``ttlIter``, ``init_model`` and
  forces ``nThread = 1``. Other training parameters are read from the same object
  (``featureTrim`` = 0 keeps every feature seen once, ``rate0``/``reg``/``nUpdate`` for
  the ADF optimiser, ``wordMax``/``wordMin`` for the lexicon features). We set only
  ``featureTrim`` and restore every attribute we or ``train`` touch afterwards.
* Its scratch files (feature/index dumps, per-iteration outputs, ``trainLog.txt``) go to
  ``config.tempFile``, which in spacy-pkuseg 1.0.x is inside a ``tempfile`` directory
  removed at interpreter exit; nothing is written to the current directory.
* The whole corpus is held in memory as Python lists (1.6 GB peak RSS for the 1.1M words;
  25 iterations took 34 min on one core, about 75 s per iteration).

The saved model is ``features.msgpack`` + ``weights.npz``. The feature file contains the
training word *bigram* list, which is only used while building features; inference only
needs ``unigram`` and ``feature_to_idx``. :func:`compact_segmenter` drops it and,
optionally, features whose weights are all close to zero, to shrink the model on disk.

Command line (from the project root)::

    python -m kg.training.segmenter --data ../shared/data --out kg/models/pkuseg_news
    # shrink an existing model (drop near-zero features; lossy, measure it)
    python -m kg.training.segmenter --compact-from kg/models/pkuseg_news --out DIR --min-abs-weight 0.03
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

SEG_FILE = Path("peoples_daily_1998") / "199801_seg.txt"
MODEL_FILES = ("features.msgpack", "weights.npz")
METADATA_FILE = "training.json"
USER_DICT_FILE = "user_dict.txt"

# config attributes that spacy_pkuseg.train() or this module overwrite
_CONFIG_KEYS = ("trainFile", "testFile", "modelDir", "nThread", "ttlIter", "init_model", "featureTrim")


def find_corpus(data_dir: Path) -> Path:
    """Locate ``199801_seg.txt`` given the shared data root, its folder, or the file itself."""
    data_dir = Path(data_dir)
    for candidate in (data_dir, data_dir / SEG_FILE.name, data_dir / SEG_FILE):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{SEG_FILE} not found under {data_dir}")


def read_segmented_lines(path: Path, max_lines: int | None = None) -> list[str]:
    """Read a space-segmented corpus, normalising whitespace and dropping empty lines."""
    lines: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            words = raw.split()
            if words:
                lines.append(" ".join(words))
                if max_lines is not None and len(lines) >= max_lines:
                    break
    return lines


def split_dev(lines: Sequence[str], dev_fraction: float) -> tuple[list[str], list[str]]:
    """Split off the last ``dev_fraction`` of the lines (end of the month) as a dev slice.

    A contiguous tail rather than a random sample keeps whole articles out of training,
    so the dev score is less flattered by repeated names and phrases.
    """
    if not 0.0 < dev_fraction < 1.0:
        raise ValueError(f"dev_fraction must be in (0, 1), got {dev_fraction}")
    n_dev = max(1, math.ceil(len(lines) * dev_fraction))
    if n_dev >= len(lines):
        raise ValueError(f"too few lines ({len(lines)}) for a dev fraction of {dev_fraction}")
    return list(lines[:-n_dev]), list(lines[-n_dev:])


def read_user_dict(path: Path) -> list[str]:
    """Read a pkuseg user dictionary (one word per line, optional tab + tag), deduplicated."""
    words: dict[str, None] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word = line.split("\t", 1)[0].strip()
            if word:
                words[word] = None
    return list(words)


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).iterdir() if p.is_file())


def _read_iteration_log(log_path: Path) -> list[str]:
    if not log_path.exists():
        return []
    with open(log_path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.startswith("iter")]


def train_news_segmenter(
    data_dir: Path,
    out_dir: Path,
    *,
    iterations: int = 10,
    dev_fraction: float = 0.02,
    user_dict: Path | None = None,
    max_lines: int | None = None,
    feature_trim: int = 0,
) -> Path:
    """Train a pkuseg CRF segmenter on People's Daily 1998-01 and save it in ``out_dir``.

    Args:
        data_dir: the shared data root (``../shared/data``), the ``peoples_daily_1998``
            folder, or the ``199801_seg.txt`` file itself.
        out_dir: where ``features.msgpack``, ``weights.npz`` and ``training.json`` are written.
        iterations: ADF training epochs over the training lines.
        dev_fraction: fraction of lines (taken from the end of the file) held out and
            scored after every epoch.
        user_dict: optional word list (one word per line, pkuseg user-dictionary format).
            It does not change training; it is copied to ``out_dir/user_dict.txt`` so it can
            be loaded with ``pkuseg_user_dict`` next to the model.
        max_lines: train on the first ``max_lines`` lines only (to time a small run).
        feature_trim: keep features seen more than this many times (pkuseg's
            ``config.featureTrim``; 0, the default, keeps all).

    Returns:
        ``out_dir``.
    """
    import spacy_pkuseg
    from spacy_pkuseg.config import config

    corpus = find_corpus(data_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = read_segmented_lines(corpus, max_lines)
    train_lines, dev_lines = split_dev(lines, dev_fraction)
    dict_words = read_user_dict(Path(user_dict)) if user_dict is not None else None

    saved = {key: getattr(config, key, None) for key in _CONFIG_KEYS}
    start = time.time()
    try:
        config.featureTrim = feature_trim
        with tempfile.TemporaryDirectory(prefix="kg_pkuseg_") as tmp:
            train_file, dev_file = Path(tmp) / "train.txt", Path(tmp) / "dev.txt"
            _write_lines(train_file, train_lines)
            _write_lines(dev_file, dev_lines)
            spacy_pkuseg.train(str(train_file), str(dev_file), str(out_dir), train_iter=iterations)
            iteration_log = _read_iteration_log(Path(config.outDir) / config.fLog)
    finally:
        for key, value in saved.items():
            setattr(config, key, value)
    seconds = time.time() - start

    if dict_words is not None:
        _write_lines(out_dir / USER_DICT_FILE, dict_words)
    metadata: dict[str, Any] = {
        "corpus": str(corpus),
        "corpus_sha256": sha256_of(corpus),
        "train_lines": len(train_lines),
        "dev_lines": len(dev_lines),
        "train_words": sum(line.count(" ") + 1 for line in train_lines),
        "iterations": iterations,
        "dev_fraction": dev_fraction,
        "max_lines": max_lines,
        "feature_trim": feature_trim,
        "user_dict_words": len(dict_words) if dict_words is not None else None,
        "train_seconds": round(seconds, 1),
        "iteration_log": iteration_log,
        "spacy_pkuseg_version": _package_version("spacy-pkuseg"),
        "model_bytes": sum((out_dir / name).stat().st_size for name in MODEL_FILES),
    }
    with open(out_dir / METADATA_FILE, "w", encoding="utf-8") as fh:
        json.dump(metadata, fh, ensure_ascii=False, indent=2)
    return out_dir


def compact_segmenter(src: Path, dst: Path, *, min_abs_weight: float = 0.0) -> Path:
    """Write a smaller copy of a pkuseg model that segments (almost) identically.

    * The training-only word ``bigram`` list is emptied (inference never reads it).
    * With ``min_abs_weight`` > 0, features whose node weights are all below it in absolute
      value are removed and the remaining ones re-indexed (the start feature, index 0, and
      the tag-transition weights are always kept). This is lossy; measure the result.
    * Weights are stored with ``numpy.savez_compressed`` (``numpy.load`` reads both forms).
    """
    import numpy as np
    import srsly

    src, dst = Path(src), Path(dst)
    data = srsly.read_msgpack(src / "features.msgpack")
    npz = np.load(src / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    weights = npz["w"]
    node = weights[: n_tag * n_feature].reshape(n_feature, n_tag)
    edge = weights[n_tag * n_feature :]

    keep = np.ones(n_feature, dtype=bool)
    if min_abs_weight > 0:
        keep = np.abs(node).max(axis=1) >= min_abs_weight
        keep[0] = True
    new_index = np.cumsum(keep) - 1
    feature_to_idx = {feat: int(new_index[idx]) for feat, idx in data["feature_to_idx"].items() if keep[idx]}
    compact = {
        # every training word stays: a word missing from ``unigram`` turns into "**noWord"
        # inside the word-pair features and so changes which features fire
        "unigram": data["unigram"],
        "bigram": [],
        "feature_to_idx": feature_to_idx,
        "tag_to_idx": data["tag_to_idx"],
    }
    dst.mkdir(parents=True, exist_ok=True)
    srsly.write_msgpack(dst / "features.msgpack", compact)
    new_weights = np.concatenate([node[keep].reshape(-1), edge])
    np.savez_compressed(dst / "weights.npz", sizes=np.array([n_tag, int(keep.sum())]), w=new_weights)
    for extra in (USER_DICT_FILE,):
        if (src / extra).exists():
            shutil.copy2(src / extra, dst / extra)
    return dst


def _package_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="shared data root")
    parser.add_argument("--out", type=Path, required=True, help="output model directory")
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--dev-fraction", type=float, default=0.02)
    parser.add_argument("--user-dict", type=Path, default=None, help="word list to ship with the model")
    parser.add_argument("--max-lines", type=int, default=None, help="use only the first N lines")
    parser.add_argument("--feature-trim", type=int, default=0, help="drop features seen <= N times")
    parser.add_argument(
        "--compact-out", type=Path, default=None, help="also write a compacted copy of the model here"
    )
    parser.add_argument(
        "--min-abs-weight",
        type=float,
        default=0.0,
        help="pruning threshold for --compact-out / --compact-from",
    )
    parser.add_argument(
        "--compact-from", type=Path, default=None, help="skip training: compact this model into --out"
    )
    args = parser.parse_args(argv)

    if args.compact_from is not None:
        compact = compact_segmenter(args.compact_from, args.out, min_abs_weight=args.min_abs_weight)
        print(f"compact model: {compact} ({_dir_size(compact) / 1e6:.1f} MB)")
        return 0
    out = train_news_segmenter(
        args.data,
        args.out,
        iterations=args.iterations,
        dev_fraction=args.dev_fraction,
        user_dict=args.user_dict,
        max_lines=args.max_lines,
        feature_trim=args.feature_trim,
    )
    print(f"model: {out} ({_dir_size(out) / 1e6:.1f} MB)")
    if args.compact_out is not None:
        compact = compact_segmenter(out, args.compact_out, min_abs_weight=args.min_abs_weight)
        print(f"compact model: {compact} ({_dir_size(compact) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
