"""Fetch the pretrained pkuseg "mixed" (default) model at install time.

The model ships inside the ``pkuseg==0.0.25`` wheel on PyPI (MIT licence, 180 MB).
It is never committed: ``kg fetch-models`` (also run by ``.ci/run``) downloads the
wheel with pip, extracts ``pkuseg/models/default``, re-saves ``features.pkl`` as
``features.msgpack`` (the format spacy-pkuseg reads directly) and prunes the features
whose weights are all below :data:`PRUNE` (``kg.training.segmenter.compact_segmenter``):
175 MB → 18 MB, 950 → 320 MB resident, word F1 within 0.0004 on PKU/MSR/UD and the
same entity and relation scores on every kg gold (``benchmarks/results/segmentation.md``).
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import srsly

from kg.training.segmenter import compact_segmenter

PKUSEG_WHEEL = "pkuseg==0.0.25"
MODEL_DIR = Path(__file__).parent / "pkuseg_mixed"
PRUNE = 0.1
MANIFEST = "kg-model.json"
_MEMBERS = ("pkuseg/models/default/features.pkl", "pkuseg/models/default/weights.npz")


def pkuseg_model_path() -> Path:
    """Return the local path of the pkuseg model, raising a clear error when absent."""
    if not (MODEL_DIR / MANIFEST).exists():
        raise FileNotFoundError(
            f"pkuseg model not found in {MODEL_DIR}. Run `kg fetch-models` once "
            "(it downloads the pkuseg==0.0.25 wheel from the package index)."
        )
    return MODEL_DIR


def fetch_pkuseg_model(dest: Path = MODEL_DIR, *, force: bool = False) -> Path:
    """Download the pkuseg wheel, extract the default model into ``dest``.

    Returns the model directory. Idempotent unless ``force``.
    """
    manifest = {"wheel": PKUSEG_WHEEL, "model": "default (mixed domain)", "min_abs_weight": PRUNE}
    if (dest / MANIFEST).exists() and srsly.read_json(dest / MANIFEST) == manifest and not force:
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "37",
            "--platform",
            "manylinux1_x86_64",
            "-d",
            tmp,
            PKUSEG_WHEEL,
        ]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wheel = next(Path(tmp).glob("pkuseg-*.whl"))
        staging = Path(tmp) / "model"
        staging.mkdir()
        with zipfile.ZipFile(wheel) as zf:
            for member in _MEMBERS:
                with zf.open(member) as src, open(staging / Path(member).name, "wb") as dst:
                    shutil.copyfileobj(src, dst)
        with open(staging / "features.pkl", "rb") as fh:
            data = pickle.load(fh)  # noqa: S301 - trusted file from the pinned wheel
        srsly.write_msgpack(staging / "features.msgpack", data)
        (staging / "features.pkl").unlink()
        pruned = Path(tmp) / "pruned"
        compact_segmenter(staging, pruned, min_abs_weight=PRUNE)
        srsly.write_json(pruned / MANIFEST, manifest)
        if dest.exists():
            shutil.rmtree(dest)
        shutil.move(str(pruned), dest)
    return dest


if __name__ == "__main__":
    print(fetch_pkuseg_model())
