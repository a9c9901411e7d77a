"""`kg build` end to end: the sample, bad inputs, the written GraphML."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.builder import build
from kg.cli import main

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "gold" / "lvliang_daily_front_page.json"
SCORER = GOLD.parents[1] / "score_graph.py"


@pytest.fixture(scope="module")
def sample_graph(nlp, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = build(None, out, nlp=nlp)
    return result, out / "graph.graphml"


def test_build_sample_writes_graphml_that_networkx_reads(sample_graph):
    result, path = sample_graph
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == result.graph.number_of_nodes() > 50
    for _, d in G.nodes(data=True):
        assert set(d) >= {"label", "type", "aliases", "mentions", "docs"}
        assert d["type"] in {"PERSON", "GOV_ORG", "COMPANY", "ORG", "PROJECT", "EVENT", "DOCUMENT", "PLACE"}
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert {"鹏飞集团", "离石电缆有限公司", "市水利局", "李子荣"} <= labels | {
        a for _, d in G.nodes(data=True) for a in d["aliases"].split("|")
    }


def test_build_graphml_is_gephi_safe(sample_graph):
    _, path = sample_graph
    text = path.read_text(encoding="utf-8")
    assert '<key id="label"' in text and '<key id="d0"' not in text
    G = nx.read_graphml(path, force_multigraph=True)
    ids = [k for _, _, k in G.edges(keys=True)]
    assert len(ids) == len(set(ids))


def test_build_cooccurrence_edges_carry_weight_and_evidence(sample_graph):
    result, _ = sample_graph
    G = result.graph

    def node(name):
        return next(n for n, d in G.nodes(data=True) if name in {d["label"], *d["aliases"].split("|")})

    u, v = node("中国联通"), node("鹏飞集团")
    edge = G.get_edge_data(u, v) or G.get_edge_data(v, u)
    data = edge["MENTIONED_WITH"]
    assert data["weight"] >= 1 and "中国联通与鹏飞集团进行5G应用" in data["evidence"]


def test_build_cooccurrence_in_a_list_links_neighbours_only():
    # a list of names with no full stop (award lists, delegations) is one "sentence"; its
    # names are linked within the window, not every one with every other
    from kg.facts.types import DocFacts, Mention, Sentence
    from kg.graph.build import EVIDENCE_CHARS, build_graph

    names = [f"第{i:03d}号工程有限公司" for i in range(40)]  # 11 characters each
    text = "".join(names)
    sent = Sentence("d", 0, 0, len(text), text, 100, 100 + len(text))
    mentions = [
        Mention(n, "COMPANY", "d", 0, 11 * i, 11 * i + 11, 100 + 11 * i, 111 + 11 * i)
        for i, n in enumerate(names)
    ]
    G = build_graph([DocFacts("d", "h", [sent], mentions)], window=22)
    # gaps of 0, 11 and 22 characters: each name reaches the next three
    assert G.number_of_edges() == 39 + 38 + 37
    assert not G.has_edge("COMPANY:第000号工程有限公司", "COMPANY:第004号工程有限公司")
    data = G.edges["COMPANY:第000号工程有限公司", "COMPANY:第003号工程有限公司", "MENTIONED_WITH"]
    assert len(text) > EVIDENCE_CHARS
    assert data["evidence"] == names[0] + names[1] + names[2] + names[3]
    assert (data["evidence_start"], data["evidence_end"]) == (100, 144)
    # default window, 100 characters: names i and j are 11 * (j - i - 1) apart, so j - i <= 10
    assert build_graph([DocFacts("d", "h", [sent], mentions)]).number_of_edges() == sum(
        min(10, 39 - i) for i in range(40)
    )


def test_build_reporters_from_bylines_are_persons(sample_graph):
    result, _ = sample_graph
    persons = {d["label"] for _, d in result.graph.nodes(data=True) if d["type"] == "PERSON"}
    assert {"冯凯治", "罗丽", "刘少伟"} <= persons


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/eval is not beside the checkout")
def test_build_sample_entity_f1_meets_the_target(sample_graph):
    spec = importlib.util.spec_from_file_location("score_graph", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    _, path = sample_graph
    scores = scorer.score(nx.read_graphml(path), json.loads(GOLD.read_text(encoding="utf-8")))
    assert scores["entities"]["all"]["f1"] >= 0.85
    for t in ("PERSON", "GOV_ORG", "COMPANY", "PROJECT"):
        assert scores["entities"][t]["f1"] >= 0.75, t


def test_cli_bad_file_is_reported_on_one_line_and_skipped(tmp_path, capsys, caplog):
    good = tmp_path / "good.txt"
    good.write_text("市水利局局长李子荣说，要持续推进水利建设。", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe\x00\x89PNG" * 10)
    code = main(["build", str(good), str(bad), "-o", str(tmp_path / "out")])
    assert code == 1
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "bad.txt" in errors[0] and "\n" not in errors[0]
    assert (tmp_path / "out" / "graph.graphml").exists()
    assert "1 failed" in capsys.readouterr().out


def test_cli_missing_input_exits_2_without_output(tmp_path, caplog):
    code = main(["build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out")])
    assert code == 2
    assert "nope.txt" in caplog.text
    assert not (tmp_path / "out").exists()


def test_cli_window_sets_how_far_apart_cooccurring_names_may_be(tmp_path):
    (tmp_path / "a.txt").write_text("中国联通与鹏飞集团进行5G应用方面的全方位合作。", encoding="utf-8")

    def cooccurrences(*flags):
        out = tmp_path / f"out{len(flags)}"
        assert main(["build", str(tmp_path / "a.txt"), "-o", str(out), "-q", *flags]) == 0
        G = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
        return {
            (G.nodes[u]["label"], G.nodes[v]["label"])
            for u, v, d in G.edges(data=True)
            if d["relation"] == "MENTIONED_WITH"
        }

    assert cooccurrences() == {("中国联通", "鹏飞集团")}
    assert cooccurrences("--window", "0") == set()  # 与 stands between the two names


def test_cli_directory_input_is_walked(tmp_path, nlp):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("鹏飞集团董事局主席兼总裁郑鹏介绍说。", encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text("离石电缆有限公司是一家线缆制造企业。", encoding="gb18030")
    result = build([tmp_path / "in"], None, nlp=nlp)
    assert (result.read, result.in_graph, result.characters) == (2, 2, 36)
    labels = {d["label"] for _, d in result.graph.nodes(data=True)}
    assert {"鹏飞集团", "郑鹏", "离石电缆有限公司"} <= labels


def test_cli_console_script_runs(tmp_path):
    out = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "build" in out.stdout


def test_build_outputs_are_written_atomically_and_readable(tmp_path, monkeypatch):
    import os

    import networkx as nx

    from kg.export.graphml import write_graphml

    G = nx.MultiDiGraph()
    G.add_node("PERSON:李子荣", label="李子荣", type="PERSON")
    path = write_graphml(G, tmp_path / "graph.graphml")
    before = path.read_bytes()
    assert oct(os.stat(path).st_mode & 0o777) != oct(0o600)

    def boom(*args, **kwargs):
        raise KeyboardInterrupt  # an interrupted write

    monkeypatch.setattr(nx, "write_graphml", boom)
    with pytest.raises(KeyboardInterrupt):
        write_graphml(G, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]


def test_cli_png_flag_draws_the_graph(tmp_path):
    pytest.importorskip("matplotlib")
    good = tmp_path / "a.txt"
    good.write_text("市水利局局长李子荣说，要持续推进水利建设。", encoding="utf-8")
    assert main(["build", str(good), "-o", str(tmp_path / "out"), "--png", "-q"]) == 0
    assert (tmp_path / "out" / "graph.png").read_bytes()[:4] == b"\x89PNG"


def test_cli_ner_option_chooses_the_model_by_name(tmp_path, caplog):
    import networkx as nx

    good = tmp_path / "good.txt"
    good.write_text("市水利局局长李子荣说，要持续推进水利建设。", encoding="utf-8")
    assert main(["build", str(good), "-o", str(tmp_path / "out"), "--ner", "transition", "-q"]) == 0
    G = nx.read_graphml(tmp_path / "out" / "graph.graphml")
    assert {d["label"] for _, d in G.nodes(data=True) if d["type"] == "PERSON"} == {"李子荣"}
    # an unknown name is one line, exit 2, nothing written
    assert main(["build", str(good), "-o", str(tmp_path / "bad"), "--ner", "bert", "-q"]) == 2
    assert "unknown NER 'bert'" in caplog.text and not (tmp_path / "bad").exists()
