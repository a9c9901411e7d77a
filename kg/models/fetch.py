"""Fetch the pretrained pkuseg "mixed" (default) model into a per-user cache.

The model ships inside the ``pkuseg==0.0.25`` wheel on PyPI (MIT licence, 180 MB).
It is never committed: ``kg fetch-models`` (also run by ``.ci/run``) downloads the
wheel with pip, checks its pinned SHA-256, extracts ``pkuseg/models/default``, re-saves ``features.pkl`` as
``features.msgpack`` (the format spacy-pkuseg reads directly) and prunes the features
whose weights are all below :data:`PRUNE` (``kg.training.segmenter.compact_segmenter``):
175 MB → 18 MB, 950 → 320 MB resident, word F1 within 0.0004 on PKU/MSR/UD and the
same entity and relation scores on every kg gold (``benchmarks/results/segmentation.md``).

The model goes to ``$KG_HOME/pkuseg_mixed`` when ``KG_HOME`` is set, else to the user cache
(``platformdirs.user_cache_dir("kg")``, e.g. ``~/.cache/kg``), so that kg installed into a
read-only site-packages works.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import srsly

from kg.training.segmenter import compact_segmenter, sha256_of

PKUSEG_WHEEL = "pkuseg==0.0.25"
WHEEL_FILE = "pkuseg-0.0.25-cp37-cp37m-manylinux1_x86_64.whl"
WHEEL_SHA256 = "6fc2f97d0f66cc6722cf772e65dbcde1b01d8cc53b66ac4aa7bce639de79588f"
PRUNE = 0.1
MANIFEST = "kg-model.json"
_MEMBERS = ("pkuseg/models/default/features.pkl", "pkuseg/models/default/weights.npz")


def model_home() -> Path:
    """Where kg keeps fetched models: ``$KG_HOME``, else the per-user cache folder of kg."""
    if os.environ.get("KG_HOME"):
        return Path(os.environ["KG_HOME"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("kg"))


def pkuseg_model_dir() -> Path:
    """The folder of the fetched pkuseg model (it may not exist yet)."""
    return model_home() / "pkuseg_mixed"


def pkuseg_model_path() -> Path:
    """The folder of the fetched pkuseg model.

    Raises
    ------
    FileNotFoundError
        One line saying to run ``kg fetch-models`` when the model is not there.
    """
    folder = pkuseg_model_dir()
    if not (folder / MANIFEST).exists():
        raise FileNotFoundError(
            f"pkuseg model not found in {folder}: run `kg fetch-models` once "
            "(it downloads the pkuseg==0.0.25 wheel from the package index)"
        )
    return folder


def fetch_pkuseg_model(dest: Path | None = None, *, force: bool = False) -> Path:
    """Download the pkuseg wheel, check its SHA-256, extract the default model into ``dest``.

    ``dest`` defaults to :func:`pkuseg_model_dir`. Returns the model directory. Idempotent
    unless ``force``.

    Raises
    ------
    ValueError
        When the downloaded wheel's SHA-256 is not the pinned one (nothing is installed).
    """
    dest = Path(dest) if dest is not None else pkuseg_model_dir()
    manifest = {
        "wheel": PKUSEG_WHEEL,
        "sha256": WHEEL_SHA256,
        "model": "default (mixed domain)",
        "min_abs_weight": PRUNE,
    }
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
        wheel = Path(tmp) / WHEEL_FILE
        if not wheel.exists() or sha256_of(wheel) != WHEEL_SHA256:
            got = sha256_of(wheel) if wheel.exists() else "no file " + WHEEL_FILE
            raise ValueError(f"{PKUSEG_WHEEL}: downloaded wheel has SHA-256 {got}, expected {WHEEL_SHA256}")
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
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            shutil.rmtree(dest)
        shutil.move(str(pruned), dest)
    return dest


if __name__ == "__main__":
    print(fetch_pkuseg_model())
