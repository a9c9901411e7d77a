"""Train the relation classifier on annotated local news (``kg train relations``).

Reproducible from ``../shared/data`` with one command::

    kg train relations --data ../shared/data            # kg/models/relations/
    kg train relations --data ../shared/data --cv 5     # 5-fold cross-validation, no model written

Each article of ``localnews/`` is read as ``kg build`` reads it (:mod:`kg.reader`, the
same sentences), its gold names are projected onto the text (:func:`kg.training.gold.project`)
and every sentence becomes a spaCy ``Doc`` whose entities are the gold ones (plus the
pipeline's own TITLE spans, which the gold does not mark outside facts), or, with
``entities="system"``, the pipeline's. The relation ruler and
:class:`kg.pipeline.relation_model.RelationModel` then give candidate pairs and their
features; a pair is a positive example of a relation when the gold states it between the
two entities with that sentence as evidence, a negative one when the gold does not state it
at all (pairs whose fact the gold gives with another sentence as evidence, and optional
facts, are left out). One logistic regression per relation (scikit-learn, L2, over hashed
features) is fitted; its non-zero weights are the model.

:func:`evaluate` scores the relation stage alone: relations extracted from the gold
entities, resolved, built into a graph and scored by ``../shared/eval/score_graph.py`` (the
upper bound that entity errors lower).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from kg.facts.relations import implied_matches
from kg.facts.types import DocFacts, Mention, Relation, Sentence
from kg.lexicons import load_lexicons
from kg.pipeline.candidates import Candidate
from kg.pipeline.relation_model import N_FEATURES, SIGNATURES, RelationModel, hashed
from kg.pipeline.tokens import align_to_tokens
from kg.schema import NESTED_KEY, RELATIONS_ATTR
from kg.training.gold import project

DEFAULT_OUT = Path(__file__).parent.parent / "models" / "relations"
RELATION_COMPONENTS = ("kg_relation_ruler", "kg_relation_model")
log = logging.getLogger("kg.train")
_NORM = re.compile(r"[\s“”\"'‘’「」『』]")


def norm(s: str) -> str:
    """A name as the scorer compares it: white space and quote marks dropped."""
    return _NORM.sub("", s or "")


@dataclass
class Prepared:
    """One annotated article as the relation stage sees it."""

    doc_id: str
    gold: dict
    sentences: list[Sentence]
    docs: list[Doc]  # one per sentence, entities set, relation components not yet run
    mentions: list[Mention]
    names: dict[str, int] = field(default_factory=dict)  # normalised name -> gold entity index


def gold_index(gold: dict) -> dict[str, int]:
    """Every normalised name of a gold entity -> the entity's index."""
    out: dict[str, int] = {}
    for i, e in enumerate(gold["entities"]):
        for n in [e["text"], *e.get("aliases", [])]:
            out.setdefault(norm(n), i)
    return out


def prepare(
    folder: Path, nlp: Language, *, entities: str = "gold", ids: set[str] | None = None
) -> list[Prepared]:
    """The articles of a gold set, read, split and given entities (``gold`` or ``system``)."""
    from kg.facts.consistency import propagate, vote_labels
    from kg.facts.extract import sentence_mentions, sentences_of
    from kg.reader import read_file

    out = []
    disabled = [n for n in RELATION_COMPONENTS if n in nlp.pipe_names]
    for gpath in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        article = folder / "articles" / Path(gold["doc"]).name
        if ids is not None and article.stem not in ids:
            continue
        doc = read_file(article)
        sents = sentences_of(doc)
        labelled = [(n, e["type"]) for e in gold["entities"] for n in [e["text"], *e.get("aliases", [])]]
        flat, nested = project(doc.text, labelled)
        sdocs, mentions = [], []
        with nlp.select_pipes(disable=disabled):
            system = list(nlp.pipe([s.text for s in sents]))
        for sent, sdoc in zip(sents, system, strict=True):
            if entities == "gold":
                inside = [
                    (s - sent.start, e - sent.start, lab)
                    for s, e, lab in flat
                    if sent.start <= s and e <= sent.end
                ]
                inner = [
                    (s - sent.start, e - sent.start, lab)
                    for s, e, lab in nested
                    if sent.start <= s and e <= sent.end
                ]
                titles = [
                    (e.start_char, e.end_char, "TITLE", e.id_)
                    for e in sdoc.ents
                    if e.label_ == "TITLE"
                    and not any(a < e.end_char and e.start_char < b for a, b, _ in inside)
                ]
                found = {(e.start_char, e.end_char, e.label_): e.id_ for e in sdoc.ents}
                spans = align_to_tokens(sdoc, [(*x, found.get(x, "")) for x in inside] + titles)
                sdoc.set_ents(spans, default="outside")
                sdoc.spans[NESTED_KEY] = align_to_tokens(sdoc, inner)
                for s, e, lab in inside + inner:
                    o_s, o_e = doc.to_original(s + sent.start, e + sent.start)
                    mentions.append(
                        Mention(
                            sent.text[s:e],
                            lab,
                            doc.id,
                            sent.index,
                            s + sent.start,
                            e + sent.start,
                            o_s,
                            o_e,
                            "gold",
                        )
                    )
            else:
                mentions.extend(sentence_mentions(doc, sent, sdoc))
            sdoc._.set(RELATIONS_ATTR, [])
            sdocs.append(sdoc)
        if entities != "gold":
            mentions = propagate(vote_labels(mentions), sents, doc.to_original)
        out.append(Prepared(doc.id, gold, sents, sdocs, mentions, gold_index(gold)))
    return out


# ---------------------------------------------------------------------- examples
def _evidence_sentences(p: Prepared) -> dict[tuple[int, str, int], set[int]]:
    """(head entity, relation, tail entity) -> the sentences (indexes) given as its evidence."""
    out: dict[tuple[int, str, int], set[int]] = {}
    sent_norm = [norm(s.text) for s in p.sentences]
    for r in p.gold["relations"]:
        h, t = p.names.get(norm(r["head"])), p.names.get(norm(r["tail"]))
        if h is None or t is None:
            continue
        ev = norm(r["evidence"])
        hits = {
            s.index for s, sn in zip(p.sentences, sent_norm, strict=True) if sn and (ev in sn or sn in ev)
        }
        out.setdefault((h, r["type"], t), set()).update(hits)
    return out


def entity_of(p: Prepared, text: str, label: str) -> int | None:
    """The gold entity a mention names: by one of its names, else as the suffix of exactly one
    name of that type (集中开工仪式 for 某年春季集中开工仪式, as the graph resolves it)."""
    key = norm(text)
    if key in p.names:
        return p.names[key]
    if len(key) < 2:
        return None
    found = {i for n, i in p.names.items() if n.endswith(key) and p.gold["entities"][i]["type"] == label}
    return found.pop() if len(found) == 1 else None


def _optional(p: Prepared) -> set[tuple[int, str, int]]:
    out = set()
    for r in p.gold.get("optional_relations", []):
        h, t = p.names.get(norm(r["head"])), p.names.get(norm(r["tail"]))
        if h is not None and t is not None:
            out.add((h, r["type"], t))
    return out


def examples(
    prepared: Sequence[Prepared], model: RelationModel, ruler: Any | None
) -> dict[str, tuple[list[list[str]], list[int]]]:
    """Features and labels of every candidate pair, per relation (see the module docstring)."""
    out: dict[str, tuple[list[list[str]], list[int]]] = {rel: ([], []) for rel in SIGNATURES}
    for p in prepared:
        facts = _evidence_sentences(p)
        optional = _optional(p)
        events = {i for i, e in enumerate(p.gold["entities"]) if e["type"] == "EVENT"}
        entities = p.gold["entities"]
        for sent, sdoc in zip(p.sentences, p.docs, strict=True):
            sdoc._.set(RELATIONS_ATTR, [])
            if ruler is not None:
                ruler(sdoc)
            slots, cands, feats, ctx = model.featurize(sdoc)
            labelled: list[tuple[int, int, str, list[str], int | None, Any]] = []
            for (i, j, rel), f in zip(cands, feats, strict=True):
                a, b = slots[i], slots[j]
                if a.kind == "anaphor" or b.kind == "anaphor":
                    continue
                h = entity_of(p, a.text, a.label)
                label: int | None = 0
                group = None
                if h is not None:
                    if b.kind == "implied":
                        tails = {
                            k
                            for k, e in enumerate(entities)
                            if e["type"] == "GOV_ORG" and _implied_entity(b.text, e)
                        }
                    elif b.kind == "doc_event":
                        tails = events
                    else:
                        t = entity_of(p, b.text, b.label)
                        tails = {t} if t is not None else set()
                    if "nested" in (a.kind, b.kind):  # a name states it wherever it occurs
                        keys = {(h, rel, t) for t in tails}
                        label = None if keys & optional else int(any(k in facts for k in keys))
                    else:
                        label = _label(h, rel, tails, sent.index, facts, optional, b.kind == "doc_event")
                        group = (rel, h, frozenset(tails))
                labelled.append((i, j, rel, f, label, group))
            # one pair of mentions states a fact: the post chain's, else the closest
            best: dict[Any, tuple] = {}
            for i, j, rel, _, label, group in labelled:
                if label == 1 and group is not None:
                    a, b = slots[i], slots[j]
                    gap = max(a.start, b.start) - min(a.end, b.end)
                    rank = ((i, j) not in ctx["posts"], rel == "HOLDS_POSITION" and b.start > a.start, gap)
                    if group not in best or rank < best[group][0]:
                        best[group] = (rank, i, j)
            for i, j, rel, f, label, group in labelled:
                if label == 1 and group is not None and best[group][1:] != (i, j):
                    label = 0
                if label is None:
                    continue
                out[rel][0].append(f)
                out[rel][1].append(label)
    return out


def _implied_entity(body: str, entity: dict) -> bool:
    return any(implied_matches(body, n) for n in [entity["text"], *entity.get("aliases", [])])


def _label(
    h: int,
    rel: str,
    tails: set[int],
    sent: int,
    facts: dict[tuple[int, str, int], set[int]],
    optional: set[tuple[int, str, int]],
    loose: bool,
) -> int | None:
    """1 stated here; 0 not stated; None stated elsewhere or optional (left out of training)."""
    symmetric = SIGNATURES[rel][2]
    elsewhere = False
    for t in tails:
        keys = [(h, rel, t)] + ([(t, rel, h)] if symmetric else [])
        for key in keys:
            if key in facts:
                if sent in facts[key]:
                    return 1
                elsewhere = True
            if key in optional:
                elsewhere = True
    if elsewhere and loose:
        return None  # a document event stated with another sentence as evidence
    return None if elsewhere else 0


def fit(data: dict[str, tuple[list[list[str]], list[int]]], c: float = 1.0) -> dict[str, Any]:
    """One L2 logistic regression per relation over hashed features; sparse weights."""
    from scipy.sparse import csr_matrix

    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise ImportError(
            "kg train relations needs scikit-learn (training only; prediction is numpy): "
            "pip install 'kg[train]'"
        ) from None

    weights = {}
    for rel, (feats, labels) in data.items():
        y = numpy.asarray(labels)
        if y.sum() < 3 or (1 - y).sum() < 3:
            continue
        rows, cols = [], []
        for r, f in enumerate(feats):
            idx = numpy.unique(hashed(f))
            cols.append(idx)
            rows.append(numpy.full(len(idx), r))
        X = csr_matrix(
            (
                numpy.ones(sum(map(len, cols)), dtype="float32"),
                (numpy.concatenate(rows), numpy.concatenate(cols)),
            ),
            shape=(len(feats), N_FEATURES),
        )
        clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
        clf.fit(X, y)
        coef = clf.coef_[0]
        nz = numpy.flatnonzero(numpy.abs(coef) > 1e-4)
        weights[rel] = [nz.tolist(), coef[nz].astype("float32").tolist(), float(clf.intercept_[0])]
        log.info("%s: %d examples, %d positive, %d weights", rel, len(y), int(y.sum()), len(nz))
    return weights


def train(
    prepared: Sequence[Prepared], nlp: Language, *, c: float = 1.0, thresholds: dict[str, float] | None = None
) -> RelationModel:
    """A relation model fitted on ``prepared`` (its ruler frames come from ``nlp``)."""
    model = RelationModel(nlp, "kg_relation_model")
    model.initialize(lexicons=load_lexicons(), weights={})
    ruler = nlp.get_pipe("kg_relation_ruler") if "kg_relation_ruler" in nlp.pipe_names else None
    weights = fit(examples(prepared, model, ruler), c=c)
    model.initialize(lexicons=model.lexicons, weights=weights, thresholds=thresholds)
    return model


# ---------------------------------------------------------------------- scoring
def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_graph", shared / "eval" / "score_graph.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def extract(p: Prepared, components: Sequence[Any]) -> list[Relation]:
    """Relations of a prepared article from its entities, through ``components`` and resolution."""
    from kg.facts.relations import resolve_relations

    raw: list[tuple[int, Candidate]] = []
    for sent, sdoc in zip(p.sentences, p.docs, strict=True):
        sdoc._.set(RELATIONS_ATTR, [])
        for comp in components:
            sdoc = comp(sdoc)
        raw.extend((sent.index, r) for r in sdoc._.get(RELATIONS_ATTR) or [])
    return resolve_relations(p.sentences, p.mentions, raw)


def evaluate(
    prepared: Sequence[Prepared], components: Sequence[Any], shared: Path, *, verbose: bool = False
) -> dict:
    """Pooled relation scores (``score_graph.py``) of the relations extracted from ``prepared``."""

    from kg.graph.build import build_graph

    scorer = load_scorer(shared)
    pooled: dict[str, list[int]] = {}
    errors: dict[str, list[str]] = {"false": [], "missed": []}
    for p in prepared:
        rels = extract(p, components)
        G = build_graph([DocFacts(p.doc_id, "", p.sentences, p.mentions, rels)], cooccurrence=False)
        _pool(scorer, G, p.gold, p.doc_id, pooled, errors)
    summary = {t: scorer.prf(*v) for t, v in sorted(pooled.items())}
    if verbose:
        summary["_errors"] = errors
    return summary


def evaluate_system(
    nlp: Language, folder: Path, ids: set[str], shared: Path, *, verbose: bool = False
) -> dict:
    """Pooled relation scores of the whole pipeline ``nlp`` (``kg build``) on the articles ``ids``."""

    from kg.builder import build_documents
    from kg.reader import read_file

    scorer = load_scorer(shared)
    pooled: dict[str, list[int]] = {}
    errors: dict[str, list[str]] = {"false": [], "missed": []}
    for gpath in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        article = folder / "articles" / Path(gold["doc"]).name
        if article.stem not in ids:
            continue
        G = build_documents([read_file(article)], nlp=nlp).graph
        _pool(scorer, G, gold, article.stem, pooled, errors)
    summary = {t: scorer.prf(*v) for t, v in sorted(pooled.items())}
    if verbose:
        summary["_errors"] = errors
    return summary


def _pool(scorer, G, gold: dict, doc_id: str, pooled: dict, errors: dict) -> None:
    """Score ``G`` as the official scorer does (read back from GraphML) and add it to ``pooled``."""
    import networkx as nx

    from kg.export.graphml import write_graphml
    from kg.export.style import visual_attributes

    with tempfile.TemporaryDirectory() as tmp:
        H = nx.read_graphml(write_graphml(G, Path(tmp) / "g.graphml", visual_attributes(G)))
    res = scorer.score(H, gold)
    for t, v in res["relations"].items():
        acc = pooled.setdefault(t, [0, 0, 0])
        for k, key in enumerate(("tp", "fp", "fn")):
            acc[k] += v[key]
    errors["false"].extend(f"{doc_id[:3]} {x}" for x in res["false_relations"])
    errors["missed"].extend(f"{doc_id[:3]} {x}" for x in res["missed_relations"])


def table(summary: dict) -> str:
    lines = []
    for t, v in summary.items():
        if t.startswith("_"):
            continue
        lines.append(
            f"  {t:16s} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f}"
            f"  (tp {v['tp']} fp {v['fp']} fn {v['fn']})"
        )
    return "\n".join(lines)


def folds(prepared: Sequence[Prepared], k: int) -> list[list[Prepared]]:
    """The folds of :func:`kg.training.gold.folds`: documents dealt round-robin in id order."""
    ordered = sorted(prepared, key=lambda p: p.doc_id)
    return [ordered[i::k] for i in range(k)]


def _pool_folds(results: Sequence[dict], scorer: Any) -> dict:
    """Per-type scores pooled over the folds' summaries (tp, fp, fn summed)."""
    total: dict[str, list[int]] = {}
    for res in results:
        for t, v in res.items():
            if t.startswith("_"):
                continue
            acc = total.setdefault(t, [0, 0, 0])
            acc[0] += v["tp"]
            acc[1] += v["fp"]
            acc[2] += v["fn"]
    return {t: scorer.prf(*v) for t, v in sorted(total.items())}


def cross_validate(
    args: argparse.Namespace,
    nlp: Language,
    sets: dict[str, list[Prepared]],
    gold_set: list[Prepared],
    shared: Path,
) -> int:
    """k-fold CV on localnews: relations from the gold entities and from the whole pipeline."""
    from kg.pipeline.assemble import load_pipeline

    scorer = load_scorer(shared)
    ruler = nlp.get_pipe("kg_relation_ruler")
    full = load_pipeline(relations=False)
    full.add_pipe("kg_relation_model")
    folder = args.data / "localnews"
    log.info("frames alone, gold entities:\n%s", table(evaluate(gold_set, [ruler], shared)))
    split = {kind: folds(s, args.cv) for kind, s in sets.items()}
    gold_split = folds(gold_set, args.cv)
    on_gold, on_system = [], []
    for i in range(args.cv):
        train_docs = [p for kind, f in split.items() for k, part in enumerate(f) if k != i for p in part]
        model = train(train_docs, nlp, c=args.c)
        model.threshold = args.threshold
        on_gold.append(evaluate(gold_split[i], [ruler, model], shared))
        full.get_pipe("kg_relation_model").from_bytes(model.to_bytes())
        on_system.append(evaluate_system(full, folder, {p.doc_id for p in gold_split[i]}, shared))
        log.info("fold %d: gold entities %s; whole system %s", i, on_gold[-1]["all"], on_system[-1]["all"])
    pooled = {"gold_entities": _pool_folds(on_gold, scorer), "system": _pool_folds(on_system, scorer)}
    log.info("%d-fold CV, gold entities, pooled:\n%s", args.cv, table(pooled["gold_entities"]))
    log.info("%d-fold CV, whole system, pooled:\n%s", args.cv, table(pooled["system"]))
    if args.json:
        folds_out = [
            {"gold_entities": g["all"], "system": s["all"]} for g, s in zip(on_gold, on_system, strict=True)
        ]
        srsly.write_json(args.json, {"folds": folds_out, "pooled": pooled})
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kg train relations", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--cv", type=int, default=0, help="k-fold cross-validation on localnews (writes nothing)"
    )
    parser.add_argument(
        "--entities",
        choices=["gold", "system", "both"],
        default="both",
        help="train on pairs of the gold entities, of the pipeline's own, or both (default)",
    )
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--threshold", type=float, default=0.25, help="probability a fact needs")
    parser.add_argument("--json", type=Path, help="--cv: write per-fold and pooled figures here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="kg: %(message)s")
    from kg.pipeline.assemble import load_pipeline

    folder = args.data / "localnews"
    nlp = load_pipeline(relations=False)
    kinds = ["gold", "system"] if args.entities == "both" else [args.entities]
    sets = {kind: prepare(folder, nlp, entities=kind) for kind in kinds}
    gold_set = sets.get("gold") or prepare(folder, nlp, entities="gold")
    shared = args.data.resolve().parent
    if args.cv:
        return cross_validate(args, nlp, sets, gold_set, shared)
    model = train([p for s in sets.values() for p in s], nlp, c=args.c)
    model.threshold = args.threshold
    model.to_disk(args.out)
    srsly.write_json(
        args.out / "meta.json", {"data": "localnews (90 articles)", "entities": args.entities, "c": args.c}
    )
    log.info("model written to %s", args.out)
    return 0
