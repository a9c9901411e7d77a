"""Whole corpora: every input kind, bad inputs, --jobs 2 = --jobs 1, Dask, --update."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from kg.builder import build
from kg.cli import main
from kg.export.nodelink import read_json
from kg.facts.store import iter_store
from kg.reader import Failure, iter_documents

A = "鹏飞集团董事局主席兼总裁郑鹏介绍说，该公司上马了30万吨合成氨等项目。"
B = "市水利局局长李子荣说，要持续推进水利建设。"
C = "中国联通与鹏飞集团进行5G应用方面的全方位合作。"
HTML = "<html><head><title>t</title><script>alert('x')</script></head><body><p>{}</p></body></html>"


def _write(folder, files: dict):
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def docs_and_failures(inputs, stdin=None):
    items = list(iter_documents(inputs, stdin=stdin))
    return [d for d in items if not isinstance(d, Failure)], [f for f in items if isinstance(f, Failure)]


def test_corpus_every_input_kind(tmp_path):
    _write(
        tmp_path,
        {
            "in/a.txt": A,
            "in/sub/b.md": B.encode("gb18030"),
            "in/sub/c.html": HTML.format(C),
            "in/d.jsonl": json.dumps(
                {"id": "x1", "text": B, "date": "2021-01-12", "source": "https://example.org/1"},
                ensure_ascii=False,
            )
            + "\n",
            "in/skip.pdf": b"%PDF-1.4",
        },
    )
    docs, failures = docs_and_failures([tmp_path / "in"])
    assert [str(f) for f in failures] == [
        f"{tmp_path / 'in' / 'skip.pdf'}: damaged PDF (truncated: no %%EOF at its end)"
    ]
    assert sorted(d.id for d in docs) == ["a", "sub/b", "sub/c", "x1"]
    by_id = {d.id: d for d in docs}
    assert by_id["sub/b"].encoding == "gb18030"
    assert "alert" not in by_id["sub/c"].text and "中国联通" in by_id["sub/c"].text
    assert by_id["x1"].date == "2021-01-12" and by_id["x1"].source == "https://example.org/1"
    docs, _ = docs_and_failures([str(tmp_path / "in" / "**" / "*.md")])
    assert [d.id.rsplit("/", 1)[-1] for d in docs] == ["b"]
    docs, _ = docs_and_failures(["-"], stdin=io.BytesIO(A.encode("utf-16")))
    assert docs[0].id == "stdin" and "郑鹏" in docs[0].text


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\n  ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "not a text file"),
        ("undecodable.txt", b"\xc3\x28\xa0\xa1\xe2\x28\xa1" * 50, "undecodable"),
        ("bad.jsonl", '{"id": 1, "text": "好"}\nnot json\n{"id": 2}\n'.encode(), "not JSON"),
    ],
)
def test_corpus_bad_inputs_become_one_line_failures(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    _, failures = docs_and_failures([tmp_path / name])
    assert failures and reason in str(failures[0]) and name in str(failures[0])
    assert all("\n" not in str(f) for f in failures)


def test_corpus_cli_goes_on_after_a_bad_file_and_counts_it(tmp_path, capsys):
    _write(tmp_path, {"in/a.txt": A, "in/bad.txt": bytes(range(256)) * 4})
    assert main(["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"]) == 1
    assert main(["build", str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--keep-going"]) == 0
    assert "1 failed" in capsys.readouterr().out
    assert (tmp_path / "out" / "graph.graphml").exists()


def test_corpus_huge_line_is_split_safely(nlp, tmp_path):
    line = "市水利局局长李子荣说" + "持续推进水利建设高质量发展" * 4000  # 52,000 characters, no punctuation
    _write(tmp_path, {"long.txt": line})
    result = build([tmp_path / "long.txt"], tmp_path / "out", nlp=nlp)
    (record,) = list(iter_store(tmp_path / "out" / "documents.jsonl"))
    assert max(len(s.text) for s in record.sentences) <= 2000
    assert "李子荣" in {d["label"] for _, d in result.graph.nodes(data=True)}


def _same(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> None:
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert sorted(G.edges(keys=True, data=True), key=str) == sorted(H.edges(keys=True, data=True), key=str)


@pytest.fixture()
def corpus(tmp_path):
    _write(tmp_path, {f"in/{i}.txt": t for i, t in enumerate([A, B, C, A + B, B + C, C + A])})
    return tmp_path / "in"


def test_corpus_jobs_2_gives_the_same_graph_as_jobs_1(nlp, corpus):
    one = build([corpus], None, nlp=nlp, jobs=1).graph
    two = build([corpus], None, nlp=nlp, jobs=2).graph
    _same(one, two)


@pytest.mark.slow
def test_corpus_dask_local_cluster_gives_the_same_graph(nlp, corpus):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        with distributed.Client(cluster) as client:
            via_dask = build([corpus], None, dask=client).graph
            assert len(client.scheduler_info()["workers"]) == 2
            transition_via_dask = build([corpus], None, dask=client, ner="transition").graph

            def ner_kinds():
                from kg.execution import _DASK_PIPELINES

                return sorted(p.get_pipe("kg_char_ner").inner.pipe_names[0] for p in _DASK_PIPELINES.values())

            kinds = {k for ks in client.run(ner_kinds).values() for k in ks}
            assert kinds == {"ner", "tagger"}  # the workers loaded the transition-based model too
    _same(build([corpus], None, nlp=nlp).graph, via_dask)
    _same(build([corpus], None, ner="transition").graph, transition_via_dask)


def test_corpus_update_merges_and_is_idempotent(nlp, tmp_path):
    _write(tmp_path, {"week1/a.txt": A, "week1/b.txt": B, "week2/c.txt": C, "week2/a_again.txt": A})
    out = tmp_path / "out"
    build([tmp_path / "week1"], out, nlp=nlp)
    first = nx.read_graphml(out / "graph.graphml")
    result = build([tmp_path / "week2"], out, nlp=nlp, update=True)
    assert result.skipped == 1  # a_again.txt: the same content as a.txt
    merged = nx.read_graphml(out / "graph.graphml")
    assert set(first.nodes) < set(merged.nodes)
    assert any(d["label"] == "中国联通" for _, d in merged.nodes(data=True))
    full = build([tmp_path / "week1", tmp_path / "week2"], None, nlp=nlp).graph
    _same(read_json(out / "graph.json"), full)
    before = (out / "graph.json").read_bytes()
    again = build([tmp_path / "week2"], out, nlp=nlp, update=True)
    assert again.skipped == 2 and (out / "graph.json").read_bytes() == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_corpus_documents_stream_through_the_extraction(nlp, jobs):
    # a corpus is never read whole: the first facts come after a few batches were read
    from kg.execution import executor_for
    from kg.reader import read_text

    pulled = 0

    def documents():
        nonlocal pulled
        for i in range(1000):
            pulled += 1
            yield read_text(B, doc_id=f"d{i}")

    from kg.facts.extract import GROUP_CHARS

    records = executor_for(jobs=jobs, nlp=nlp).map(documents())
    first = next(records)
    assert first.doc_id == "d0" and [s.text for s in first.sentences] == [B]
    # one process extracts a group of documents of about GROUP_CHARS characters at a time
    assert pulled <= GROUP_CHARS // len(B) + 1 if jobs == 1 else pulled <= 4 * jobs * 4 + 4
    assert pulled < 1000
    records.close()


def test_corpus_interrupted_update_keeps_the_previous_folder(nlp, tmp_path, monkeypatch):
    import kg.execution

    _write(tmp_path, {"week1/a.txt": A, "week2/b.txt": B, "week2/c.txt": C})
    out = tmp_path / "out"
    build([tmp_path / "week1"], out, nlp=nlp)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    import kg.facts.extract

    real = kg.facts.extract.extract_documents

    def interrupted(docs, nlp, **kwargs):
        if any(doc.id == "c" for doc in docs):  # the facts of b are already on their way
            raise KeyboardInterrupt
        return real(docs, nlp, **kwargs)

    monkeypatch.setattr(kg.facts.extract, "GROUP_CHARS", 1)  # one document at a time
    monkeypatch.setattr(kg.facts.extract, "extract_documents", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([tmp_path / "week2"], out, nlp=nlp, update=True)
    # every file as it was, and no temporary file left beside them
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_corpus_progress_bar_knows_the_total(nlp, tmp_path, capsys):
    # a first reading pass counts the documents (failures included), so the bar has a total
    _write(
        tmp_path,
        {"in/a.txt": A, "in/b.txt": B, "in/c.jsonl": json.dumps({"id": "j", "text": C}), "in/e.txt": b""},
    )
    result = build([tmp_path / "in"], None, nlp=nlp, progress=True)
    assert (result.read, len(result.failed)) == (3, 1)
    assert "/4 [" in capsys.readouterr().err


def test_corpus_a_very_long_document_is_handled_in_parts(nlp, tmp_path, monkeypatch):
    # a year of a paper in one file: facts come in parts (bounded memory, no quadratic
    # propagation), with sentence indexes running on and the document counted once
    import kg.facts.extract

    monkeypatch.setattr(kg.facts.extract, "PART_CHARS", 60)
    _write(tmp_path, {"year.txt": "\n".join([A, B, C] * 3)})
    out = tmp_path / "out"
    result = build([tmp_path / "year.txt"], out, nlp=nlp)
    assert (result.read, result.in_graph) == (1, 1)
    records = list(iter_store(out / "documents.jsonl"))
    assert len(records) > 1 and {(r.doc_id, r.hash) for r in records} == {
        (records[0].doc_id, records[0].hash)
    }
    indexes = [s.index for r in records for s in r.sentences]
    assert indexes == list(range(9))
    for r in records:
        assert sum(len(s.text) for s in r.sentences) <= 60 or len(r.sentences) == 1
        own = {s.index for s in r.sentences}
        assert all(m.sent_index in own for m in r.mentions if m.sent_index >= 0)
    labels = {d["label"] for _, d in result.graph.nodes(data=True)}
    assert {"郑鹏", "李子荣", "中国联通"} <= labels
    again = build([tmp_path / "year.txt"], out, nlp=nlp, update=True)
    assert again.skipped == 1 and list(iter_store(out / "documents.jsonl")) == records
