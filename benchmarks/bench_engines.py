"""The engines of ``vardgaranti check`` and ``evaluate_frame`` against the floor and polars.

Usage::

    python benchmarks/bench_engines.py [--rows 1000000] [--repeat 5] [--warmup 1]
        [--data-dir benchmarks/data] [--json FILE] [--seed 2025] [--costs]

One run of ``bench_compare.py`` (the commands alternated, each round rotated, ratios to the
floor per round) with six contenders on the same file:

* ``floor``: ``floor.py``, the least a script does (csv, fromisoformat, + 90 days);
* ``stream``: ``vardgaranti check --engine stream`` (``--jobs auto``: on Linux, as many
  processes as this one may use processors, at most 4);
* ``stream-1``: the same in one process (``--jobs 1``);
* ``columnar``: ``vardgaranti check --engine columnar``;
* ``polars-exact``: the analyst's exact polars script (``analyst_polars.py --exact``);
* ``frame``: ``frame_polars.py``: the file read into a polars frame, then ``evaluate_frame``
  on it, of which only the call is timed (the frame is already in memory), in the process.

Then it checks that the engines wrote the same bytes, and prints the ratios to the floor, per
round (median and range): of each command's wall time, and of ``evaluate_frame``'s own time to
the floor's run in the same round; and the peak memory of each command. The file is the
benchmark list of ``generate_waiting_list.py`` (with a byte-order mark, as in the figures of
``README.md``), made once in ``--data-dir``.

With ``--costs`` the list also names who referred care elsewhere (``generate_waiting_list.py
--costs``: ``referred`` and ``provider`` columns, so ``check`` adds ``costs_covered``), and the
exact polars script, which knows nothing of those columns, is left out.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--json", type=Path, help="save bench_compare's runs and the summary")
    parser.add_argument("--costs", action="store_true", help="a list with referred and provider")
    args = parser.parse_args(argv)

    args.data_dir.mkdir(parents=True, exist_ok=True)
    kind = "costs" if args.costs else "bom"
    source = args.data_dir / f"native_{args.rows}_seed{args.seed}_{kind}.csv"
    if not source.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate_waiting_list.py"), str(args.rows), str(source),
             "--seed", str(args.seed), "--bom", *(["--costs"] if args.costs else [])],
            check=True,
        )  # fmt: skip
    python = sys.executable
    check = ["vardgaranti", "check", "{in}", "--as-of", "2025-06-02", "--output", "{out}"]
    with tempfile.TemporaryDirectory(dir=args.data_dir) as folder:
        work = Path(folder)
        log = work / "frame.log"
        runs = work / "runs.json"
        commands = [
            ("floor", [python, str(HERE / "floor.py"), "{in}", "{out}"]),
            ("stream", [*check, "--engine", "stream"]),
            ("stream-1", [*check, "--engine", "stream", "--jobs", "1"]),
            ("columnar", [*check, "--engine", "columnar"]),
            ("polars-exact", [python, str(HERE / "analyst_polars.py"), "{in}", "{out}", "--exact"]),
            ("frame", [python, str(HERE / "frame_polars.py"), "{in}", "{out}", "--log", str(log)]),
        ]
        if args.costs:  # the analyst's script knows nothing of referrals
            commands = [command for command in commands if command[0] != "polars-exact"]
        compare = [
            python, str(HERE / "bench_compare.py"), "--repeat", str(args.repeat),
            "--warmup", str(args.warmup), "--input", str(source), "--out-dir", str(work),
            "--keep-outputs", "--json", str(runs),
        ]  # fmt: skip
        for name, command in commands:
            compare += ["--name", name, "--", *command]
        if subprocess.run(compare, check=False).returncode:
            return 1
        written = {
            (work / f"{name}.csv").read_bytes() for name in ("stream", "stream-1", "columnar")
        }
        same = len(written) == 1
        print(f"\nstream, stream-1 and columnar outputs byte-identical: {same}")
        document = json.loads(runs.read_text(encoding="utf-8"))
        frame_times = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        summary = _frame_ratios(document, frame_times[args.warmup :])
        print(
            "evaluate_frame on the frame in memory (its own time), to the floor's run of the "
            f"same round: median {summary['median']:.2f} [{summary['low']:.2f}-"
            f"{summary['high']:.2f}]; min {summary['min_wall']:.2f} s wall, "
            f"{summary['min_cpu']:.2f} s CPU"
        )
        if args.json is not None:
            document["evaluate_frame"] = summary
            document["byte_identical"] = same
            args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
            print(f"saved {args.json}")
        return 0 if same else 1


def _frame_ratios(document: dict[str, object], times: list[dict[str, float]]) -> dict[str, object]:
    """evaluate_frame's own wall time per round, divided by the floor's in that round."""
    commands = {command["name"]: command for command in document["commands"]}  # type: ignore[attr-defined]
    floor = {run["round"]: run["wall"] for run in commands["floor"]["runs"]}
    frame_runs = commands["frame"]["runs"]
    ratios = [
        timing["wall"] / floor[run["round"]] for run, timing in zip(frame_runs, times, strict=True)
    ]
    return {
        "ratios": ratios,
        "median": statistics.median(ratios),
        "low": min(ratios),
        "high": max(ratios),
        "min_wall": min(timing["wall"] for timing in times),
        "min_cpu": min(timing["cpu"] for timing in times),
    }


if __name__ == "__main__":
    sys.exit(main())
