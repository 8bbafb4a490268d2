"""Time ``vardgaranti report`` against ``vardgaranti check`` on 1,000,000 rows; its size; its parts.

Usage (from the repository root)::

    python benchmarks/bench_report.py [--rows 1000000] [--repeat 3] [--warmup 1]
        [--data-dir benchmarks/data] [--skip-timing] [--skip-parts] [--json FILE]
        [--before SRC]

1. Generates, unless they are there already, a native list (``generate_waiting_list.py``, seed
   2025, as of 2025-06-02) and a national waiting delivery as CSV (``generate_national.py``,
   month 2026-01, seed 2026) of ``--rows`` rows in ``--data-dir`` (``benchmarks/data/`` by
   default, which git ignores); the same files as ``bench_stats.py``.
2. For each file, runs ``bench_compare.py``: ``check`` (the default engine: columnar with
   polars when installed), ``check --engine stream`` (row by row, as the report reads) and
   ``report``, alternated in rounds, with the ratios to ``check`` and their spread over the
   rounds, and the peak memory of each. The target of issue 13 is at most 1.5 times ``check``.
   With ``--before SRC`` (the ``src`` folder of another checkout, e.g. the commit before a
   change) its ``report`` runs too, as ``report-before``, in the same rounds.
3. Measures the parts in this process (the garbage collector paused, as the commands do):
   reading every row through ``assess_file`` and nothing else (the floor of any command built
   on it), the report's gathering (one pass: its own counts, the worklist, the list cleaning
   and the statistics, all fed from it), ``compute_stats`` alone for comparison (what
   ``stats`` with the official method and the law costs on the same file), the HTML
   (``render_report``), and the size of the page.

Exit status: 0, or the first failing step's.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FILES = (
    # name, generator arguments, as-of day
    ("stats_native_{rows}_seed2025.csv", ("generate_waiting_list.py",), "2025-06-02"),
    (
        "stats_national_{rows}_2026-01.csv",
        ("generate_national.py", "--month", "2026-01"),
        "2026-01-31",
    ),
)


def _generate(data_dir: Path, rows: int) -> list[tuple[Path, str]]:
    found = []
    for name, (script, *options), as_of in FILES:
        path = data_dir / name.format(rows=rows)
        if not path.exists():
            print(f"generating {path} ...", flush=True)
            subprocess.run(
                [sys.executable, str(HERE / script), str(rows), str(path), *options], check=True
            )
        found.append((path, as_of))
    return found


def _timing(path: Path, as_of: str, args: argparse.Namespace, out: Path | None) -> int:
    before = []
    if args.before is not None:
        before = [
            "--command",
            "report-before",
            f"env PYTHONPATH={args.before.resolve()} vardgaranti report {{in}} --as-of {as_of} "
            "--output {out}.html",  # (report writes only .html; {out} has the input's suffix)
        ]
    command = [
        sys.executable,
        str(HERE / "bench_compare.py"),
        "--repeat",
        str(args.repeat),
        "--warmup",
        str(args.warmup),
        "--input",
        str(path),
        "--baseline",
        "check",
        "--ok-codes",
        "0,1",
        *(["--json", str(out)] if out else []),
        "--command",
        "check",
        f"vardgaranti check {{in}} --as-of {as_of} --output {{out}}",
        "--command",
        "check-stream",
        f"vardgaranti check {{in}} --as-of {as_of} --engine stream --output {{out}}",
        *before,
        "--command",
        "report",
        f"vardgaranti report {{in}} --as-of {as_of} --output {{out}}.html",
    ]
    print(f"\n== {path.name} ({path.stat().st_size / 1e6:.0f} MB)", flush=True)
    return subprocess.run(command, check=False).returncode


def _timed(what: str, work: Callable[[], Any]) -> tuple[float, Any]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
    finally:
        if collecting:
            gc.enable()
    print(f"  {what:<44} {seconds:7.2f} s", flush=True)
    return seconds, result


def _parts(path: Path, as_of: date) -> dict[str, float]:
    from vardgaranti._report import gather_report, render_report
    from vardgaranti._stats import compute_stats
    from vardgaranti._waiting_list import assess_file

    def read_only() -> int:
        with assess_file(path, as_of=as_of) as file:
            return sum(1 for _row in file.rows)

    print(f"\n== parts of the report: {path.name}")
    floor, rows = _timed("assess_file, every row, nothing else", read_only)
    gathered, report = _timed(
        "gather_report (one pass, everything)", lambda: gather_report(path, as_of=as_of)
    )
    alone, _stats = _timed(
        "compute_stats alone (for comparison)",
        lambda: compute_stats(path, census=as_of, methods=("skr", "legal"), min_group=0),
    )
    html_seconds, html = _timed("render_report (HTML, charts)", lambda: render_report(report))
    size = len(html.encode("utf-8"))
    kept = sum(len(group.patients) for group in report.worklist.groups)
    print(f"  {'gather_report less the reading':<44} {gathered - floor:7.2f} s")
    print(
        f"  rows {rows:,}; groups {len(report.groups)}, charted {len(report.charted)}; worklist "
        f"{report.worklist.patients:,} patients in {len(report.worklist.groups)} groups "
        f"({kept:,} kept for the page); page {size / 1e6:.2f} MB"
    )
    return {
        "rows": rows,
        "assess_only": floor,
        "gather": gathered,
        "stats_alone": alone,
        "render": html_seconds,
        "html_bytes": size,
        "groups": len(report.groups),
        "worklist_patients": report.worklist.patients,
        "worklist_kept": kept,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--skip-parts", action="store_true")
    parser.add_argument("--json", type=Path, help="save the parts (and the timing JSONs beside)")
    parser.add_argument(
        "--before",
        type=Path,
        help="the src folder of another checkout: its report is timed too (report-before)",
    )
    args = parser.parse_args(argv)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    files = _generate(args.data_dir, args.rows)
    saved: dict[str, object] = {}
    for path, as_of in files:
        if not args.skip_timing:
            out = args.json.with_name(f"{args.json.stem}_{path.stem}.json") if args.json else None
            code = _timing(path, as_of, args, out)
            if code:
                return code
        if not args.skip_parts:
            saved[path.name] = _parts(path, date.fromisoformat(as_of))
    if args.json:
        args.json.write_text(json.dumps(saved, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
