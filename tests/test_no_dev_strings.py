"""A guard: no name of the development set gets into the project.

``../shared/eval/dev/`` is for measuring only: its strings may not appear in rules,
lexicons, tests or comments. This test takes the names its gold annotates (entities and
their aliases, three characters or more) that are neither names of the gazetteer's
divisions nor written anywhere in the trainable local news, and fails when a file of the
project contains one. Words of the language that a name can be (水利局, 新华社) are left out:
those written in People's Daily 1998 or CLUENER's sentences. Skipped when the shared
folder is not beside the checkout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CHECKED = ("kg", "tests", "benchmarks", "docs", "notebooks", "README.md", "pyproject.toml")
SKIPPED_PARTS = {"results", "artifacts", "__pycache__"}  # measured figures and screenshots
TEXT_SUFFIXES = {".py", ".json", ".jsonl", ".cfg", ".md", ".txt", ".js", ".html", ".css", ".toml", ".ipynb"}


def dev_names() -> set[str]:
    from kg.lexicons import load_lexicons

    names = set()
    for gold in (SHARED / "eval" / "dev" / "gold").glob("*.json"):
        for ent in json.loads(gold.read_text(encoding="utf-8"))["entities"]:
            names |= {n for n in [ent["text"], *ent.get("aliases", [])] if len(n) >= 3}
    texts = [
        p.read_text(encoding="utf-8") for p in (SHARED / "data" / "localnews" / "articles").glob("*.txt")
    ]
    for corpus in ("peoples_daily_1998/199801_seg.txt", "cluener2020/train.json"):
        if (SHARED / "data" / corpus).exists():
            texts.append((SHARED / "data" / corpus).read_text(encoding="utf-8").replace(" ", ""))
    known = "\n".join(texts)
    places = set(load_lexicons()["PLACE_NAMES"])
    return {n for n in names if n not in places and n not in known}


def test_no_name_of_the_development_set_is_in_the_project():
    if not (SHARED / "eval" / "dev" / "gold").is_dir():
        pytest.skip("../shared/eval is not beside the checkout")
    names = dev_names()
    found = []
    for entry in CHECKED:
        paths = [ROOT / entry] if (ROOT / entry).is_file() else sorted((ROOT / entry).rglob("*"))
        for path in paths:
            rel = path.relative_to(ROOT)
            if not path.is_file() or SKIPPED_PARTS & set(rel.parts) or path.suffix not in TEXT_SUFFIXES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            hits = sorted(n for n in names if n in text)
            if hits:
                found.append(f"{rel}: {', '.join(hits[:8])}")
    assert not found, "names of the development set in the project:\n" + "\n".join(found)
