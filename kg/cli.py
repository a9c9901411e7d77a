"""The ``kg`` command line: a thin layer over :mod:`kg.builder` and the training modules."""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("kg")


def _cmd_build(args: argparse.Namespace) -> int:
    from kg.builder import build

    try:
        result = build(
            args.inputs or None,
            args.output,
            cooccurrence=not args.no_cooccurrence,
            **({"window": args.window} if args.window is not None else {}),
            locality=args.locality,
            jobs=args.jobs,
            update=args.update,
            progress=not args.quiet and sys.stderr.isatty(),
            dask=args.dask,
            ner=args.ner,
        )
    except (ValueError, FileNotFoundError) as err:
        log.error("%s", err)
        return 2
    if not result.in_graph:
        log.error("no document could be read; nothing written")
        return 2
    if args.png:
        from kg.export.snapshot import write_png

        result.outputs.append(write_png(result.graph, args.output / "graph.png"))
    if not args.quiet:
        print(summary(result))
        for p in result.outputs:
            print(f"wrote {p}")
    if result.failed and not (args.keep_going and result.read):
        return 1
    return 0


def summary(result) -> str:
    """One paragraph: documents, characters, entities and facts by type, failures, seconds."""
    from kg.schema import COOCCURRENCE

    G = result.graph
    types = Counter(d["type"] for _, d in G.nodes(data=True))
    facts = Counter(k for *_, k in G.edges(keys=True) if k != COOCCURRENCE)
    lines = [
        f"{result.read} documents read ({result.characters:,} characters), "
        f"{result.skipped} already in the graph, "
        f"{len(result.failed)} failed; {result.in_graph} documents in the graph; {result.seconds:.1f} s",
        f"{G.number_of_nodes()} entities: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())),
        f"{sum(facts.values())} facts: " + ", ".join(f"{t} {n}" for t, n in sorted(facts.items())),
    ]
    return "\n".join(lines)


def _cmd_fetch(args: argparse.Namespace) -> int:
    from kg.models.fetch import fetch_pkuseg_model

    print(fetch_pkuseg_model(force=args.force))
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    if args.what == "ner":
        from kg.training.ner import main
    elif args.what == "lexicon":
        from kg.training.lexicon import main
    elif args.what == "relations":
        from kg.training.relations import main
    else:
        from kg.training.segmenter import main
    return main(args.rest)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Offline knowledge graphs from Chinese news text."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the graph of text files or folders (default: the bundled sample)")
    b.add_argument(
        "inputs",
        nargs="*",
        help="files, folders, globs or - for stdin (.txt .md .html .jsonl); default: the bundled sample",
    )
    b.add_argument(
        "-o", "--output", type=Path, default=Path("output"), help="output folder (default: output/)"
    )
    b.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    b.add_argument(
        "--dask", metavar="SCHEDULER", help="run the extraction on a Dask cluster (tcp://host:8786)"
    )
    b.add_argument("--update", action="store_true", help="add to the graph already in the output folder")
    b.add_argument(
        "--keep-going", action="store_true", help="exit 0 when some inputs fail (but not when all do)"
    )
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    b.add_argument("--png", action="store_true", help="also draw graph.png (needs matplotlib: kg[notebook])")
    b.add_argument(
        "--ner",
        default="tagger",
        metavar="NAME",
        help="the NER: tagger (default), transition (slower) or a trained model folder",
    )
    b.add_argument("--no-cooccurrence", action="store_true", help="leave out MENTIONED_WITH edges")
    b.add_argument(
        "--window",
        type=int,
        metavar="CHARS",
        help="MENTIONED_WITH links names of one sentence at most this many characters apart (default 100)",
    )
    b.add_argument(
        "--locality", help="the city or province the texts are about (default: read from each text)"
    )
    b.set_defaults(func=_cmd_build)
    f = sub.add_parser("fetch-models", help="download the pretrained pkuseg model (pkuseg==0.0.25 wheel)")
    f.add_argument("--force", action="store_true")
    f.set_defaults(func=_cmd_fetch)
    t = sub.add_parser(
        "train", help="retrain a model from ../shared/data: ner, lexicon, segmenter or relations"
    )
    t.add_argument("what", choices=["ner", "lexicon", "segmenter", "relations"])
    t.add_argument(
        "rest", nargs=argparse.REMAINDER, help="options of the trainer, e.g. --data ../shared/data"
    )
    t.set_defaults(func=_cmd_train)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="kg: %(message)s", stream=sys.stderr)
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
