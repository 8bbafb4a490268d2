"""Time any number of commands against each other, alternated, and report ratios to a baseline.

Usage (from the repository root)::

    python benchmarks/bench_compare.py [OPTIONS] \\
        --name floor -- python benchmarks/floor.py {in} {out} \\
        --name check -- vardgaranti check {in} --as-of 2025-06-02 --output {out} \\
        --command polars "python benchmarks/analyst_polars.py {in} {out} --exact"

Options come first; then one or more commands, each either

* ``--name NAME -- ARG ARG ...``: the command's arguments follow ``--`` (which may be left out)
  up to the next ``--name`` or ``--command``, or the end; or
* ``--command NAME 'COMMAND LINE'``: one argument, split like a shell would (:func:`shlex.split`,
  no shell runs it); use this form when the command itself has an argument ``--name``.

In every argument ``{in}`` becomes ``--input``, ``{out}`` the command's own output file
(``OUT_DIR/NAME`` plus the input's suffix; deleted before each run, so every run writes a new
file), ``{python}`` this interpreter (:data:`sys.executable`) and ``{name}`` the command's name.
Any other text, braces included, is passed as it is. Commands are run directly, not through a
shell: for environment variables, use ``env VAR=VALUE command ...``.

Each of ``--repeat`` rounds runs every command once, as a subprocess, one after the other
(round-robin); the order rotates by one command per round (``--no-rotate`` keeps it), so that
no command always runs first or right after the same neighbour. ``--warmup`` rounds run before
them, untimed (they fill the page cache and compile caches). For each run it measures

* the wall time (:func:`time.perf_counter` around start and :func:`os.wait4`);
* the CPU time, user + system, and the peak resident memory, from the ``rusage`` that
  :func:`os.wait4` returns for that child (its own threads included, and any children it waited
  for; nothing else on the machine). On Linux the peak includes the runner's own memory at the
  moment it started the child (about 16 MB: the child begins as a copy of it), so figures
  below about 20 MB are upper bounds;
* the exit code, which must be one of ``--ok-codes`` (default ``0``): otherwise the benchmark
  stops, shows the end of the command's standard error, and exits with status 1.

It then prints, per command: the minimum and median wall time, the minimum CPU time, the peak
memory over all runs, and the ratios to ``--baseline`` (default: the first command): of the
minimum wall times, of the wall times in each round (the spread: median and range over the
rounds, each ratio taken between runs of the same round), and of the minimum CPU times. Take
the minimum: other work on the machine only ever adds time. On a shared virtual machine wall
times vary by about ±30 % from run to run; the per-round ratios show how much that moves the
comparison. CPU time is disturbed less by other work, but counts every thread: for a
multi-threaded program (polars) it is the total work, not the waiting time, and can exceed the
wall time.

``--check-lines`` checks after every run that ``{out}`` has as many lines as ``--input``
(for commands that write the rows back). ``--json FILE`` saves the machine, the settings,
every run and the summary. The command's standard output is discarded; its standard error is
kept in ``OUT_DIR/NAME.stderr`` (shown on failure). ``OUT_DIR`` (``--out-dir``; by default a new
temporary directory next to the input) is removed at the end unless ``--keep-outputs``;
with ``--keep-outputs`` the last round's outputs stay there, for example to compare them with
``compare_deadlines.py`` (without it, only the output and stderr files are deleted from a
directory given with ``--out-dir``).

Exit status: 0 when every run succeeded (and every check passed), 1 when a command failed or a
check did not pass, 2 for a usage error (no command, an unknown placeholder input, a command
that cannot be started).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
COMMAND_FLAGS = ("--name", "--command")
STDERR_TAIL = 20


class UsageError(Exception):
    """A problem with the command line (exit status 2)."""


class RunFailed(Exception):
    """A command exited with an unexpected code or its output failed a check (exit status 1)."""


@dataclass
class Command:
    """One named command, its arguments as given, and its runs."""

    name: str
    template: list[str]
    argv: list[str] = field(default_factory=list)
    output: Path | None = None
    runs: list[Run] = field(default_factory=list)


@dataclass
class Run:
    """One timed run of a command."""

    round: int
    position: int  # 0 = first in its round
    wall: float
    cpu: float
    user: float
    system: float
    peak_mb: float
    exit_code: int


@dataclass
class Summary:
    """What is printed for a command (and saved with ``--json``)."""

    runs: int
    min_wall: float
    median_wall: float
    max_wall: float
    min_cpu: float
    median_cpu: float
    peak_mb: float
    ratio_min_wall: float
    ratio_min_cpu: float
    round_ratios: list[float]
    round_ratio_median: float
    round_ratio_min: float
    round_ratio_max: float


def split_commands(argv: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Split the command line into the options and the ``(name, arguments)`` of each command."""
    first = next((i for i, token in enumerate(argv) if token in COMMAND_FLAGS), len(argv))
    options, rest = argv[:first], argv[first:]
    commands: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(rest):
        flag = rest[i]
        if i + 1 >= len(rest):
            raise UsageError(f"{flag} needs a name")
        name = rest[i + 1]
        if flag == "--command":
            if i + 2 >= len(rest):
                raise UsageError(f"--command {name} needs the command line as one argument")
            try:
                arguments = shlex.split(rest[i + 2])
            except ValueError as error:
                raise UsageError(f"--command {name}: {error}") from None
            i += 3
        else:
            j = i + 2
            if j < len(rest) and rest[j] == "--":
                j += 1
            end = next((k for k in range(j, len(rest)) if rest[k] in COMMAND_FLAGS), len(rest))
            arguments = rest[j:end]
            i = end
        if not arguments:
            raise UsageError(f"command {name!r} is empty")
        if not name or not set(name) <= NAME_CHARACTERS:
            raise UsageError(f"command name {name!r}: use letters, digits, '_', '.', '-'")
        if any(name == known for known, _ in commands):
            raise UsageError(f"two commands are named {name!r}")
        commands.append((name, arguments))
    return options, commands


def parse_options(options: list[str]) -> argparse.Namespace:
    """The options before the first command."""
    parser = argparse.ArgumentParser(
        prog="bench_compare.py",
        description=__doc__.splitlines()[0],
        usage="%(prog)s [OPTIONS] --name NAME -- COMMAND... [--name NAME -- COMMAND...] ...",
        epilog="Commands: --name NAME -- ARG... or --command NAME 'COMMAND LINE'; placeholders "
        "{in}, {out}, {python}, {name}. See the module docstring for details.",
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--warmup", type=int, default=0, help="untimed rounds first (default 0)")
    parser.add_argument("--input", type=Path, help="the file that {in} stands for")
    parser.add_argument("--baseline", help="the command the ratios are to (default: the first)")
    parser.add_argument(
        "--ok-codes",
        default="0",
        help="comma-separated exit codes that count as success (default 0), e.g. 0,1",
    )
    parser.add_argument("--out-dir", type=Path, help="where the {out} files go")
    parser.add_argument("--keep-outputs", action="store_true", help="keep the last round's outputs")
    parser.add_argument(
        "--check-lines",
        action="store_true",
        help="check that every {out} has as many lines as --input",
    )
    parser.add_argument(
        "--no-rotate", action="store_true", help="run the commands in the same order every round"
    )
    parser.add_argument("--timeout", type=float, help="kill a run after this many seconds")
    parser.add_argument("--json", type=Path, help="save the runs and the summary to this file")
    args = parser.parse_args(options)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    try:
        args.ok_codes = frozenset(int(code) for code in args.ok_codes.split(","))
    except ValueError:
        parser.error(f"--ok-codes: {args.ok_codes!r} is not a comma-separated list of integers")
    if args.input is not None and not args.input.is_file():
        parser.error(f"--input: {args.input} is not a file")
    return args


def expand(command: Command, source: Path | None, out_dir: Path) -> None:
    """Fill in the placeholders of *command*'s arguments."""
    suffix = source.suffix if source is not None and source.suffix else ".out"
    output = out_dir / f"{command.name}{suffix}"
    argv = []
    for token in command.template:
        if "{in}" in token:
            if source is None:
                raise UsageError(f"command {command.name!r} uses {{in}} but there is no --input")
            token = token.replace("{in}", str(source))
        if "{out}" in token:
            command.output = output
            token = token.replace("{out}", str(output))
        token = token.replace("{python}", sys.executable).replace("{name}", command.name)
        argv.append(token)
    command.argv = argv


def count_lines(path: Path) -> int:
    """The number of newline characters in *path*."""
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def peak_mb(max_rss: int) -> float:
    """``ru_maxrss`` in MB: kibibytes on Linux, bytes on macOS."""
    return max_rss / (1024 * 1024) if sys.platform == "darwin" else max_rss / 1024


def run_once(command: Command, stderr_path: Path, timeout: float | None) -> Run:
    """Run *command* once and measure it (round and position are filled in by the caller)."""
    if command.output is not None:
        command.output.unlink(missing_ok=True)
    with stderr_path.open("wb") as stderr:
        began = time.perf_counter()
        try:
            process = subprocess.Popen(command.argv, stdout=subprocess.DEVNULL, stderr=stderr)
        except OSError as error:
            raise UsageError(f"{command.name}: cannot start {command.argv[0]!r}: {error}") from None
        timer = None
        if timeout is not None:
            timer = threading.Timer(timeout, process.kill)
            timer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()  # interrupted: do not leave the child running
            process.wait()
            raise
        finally:
            if timer is not None:
                timer.cancel()
        wall = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    user, system = usage.ru_utime, usage.ru_stime
    return Run(
        0, 0, wall, user + system, user, system, peak_mb(usage.ru_maxrss), process.returncode
    )


def stderr_tail(path: Path) -> str:
    """The last lines of a command's standard error."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(f"    {line}" for line in lines[-STDERR_TAIL:])


def summarise(commands: list[Command], baseline: Command) -> dict[str, Summary]:
    """Per command: the figures that are printed, ratios to *baseline*."""
    base_walls = {run.round: run.wall for run in baseline.runs}
    base_min_wall = min(run.wall for run in baseline.runs)
    base_min_cpu = min(run.cpu for run in baseline.runs)
    summaries = {}
    for command in commands:
        walls = [run.wall for run in command.runs]
        cpus = [run.cpu for run in command.runs]
        ratios = [run.wall / base_walls[run.round] for run in command.runs]
        summaries[command.name] = Summary(
            runs=len(walls),
            min_wall=min(walls),
            median_wall=statistics.median(walls),
            max_wall=max(walls),
            min_cpu=min(cpus),
            median_cpu=statistics.median(cpus),
            peak_mb=max(run.peak_mb for run in command.runs),
            ratio_min_wall=min(walls) / base_min_wall,
            ratio_min_cpu=min(cpus) / base_min_cpu if base_min_cpu else float("nan"),
            round_ratios=ratios,
            round_ratio_median=statistics.median(ratios),
            round_ratio_min=min(ratios),
            round_ratio_max=max(ratios),
        )
    return summaries


def report(commands: list[Command], summaries: dict[str, Summary], baseline: str) -> None:
    """Print the table and the per-round ratios."""
    width = max(len("command"), *(len(command.name) for command in commands))
    columns = (
        f"{'command':<{width}}  {'min wall s':>10}  {'med wall s':>10}  {'min CPU s':>9}"
        f"  {'peak MB':>8}  {'wall ratio':>10}  {'per round: median [range]':>25}"
        f"  {'CPU ratio':>9}"
    )
    print(f"ratios are to {baseline!r}: min time / its min time; per round: the ratio of the")
    print("two runs of the same round (median and range over the rounds)")
    print(columns)
    print("-" * len(columns))
    for command in commands:
        s = summaries[command.name]
        spread = f"{s.round_ratio_median:.2f} [{s.round_ratio_min:.2f}-{s.round_ratio_max:.2f}]"
        print(
            f"{command.name:<{width}}  {s.min_wall:10.2f}  {s.median_wall:10.2f}  {s.min_cpu:9.2f}"
            f"  {s.peak_mb:8.1f}  {s.ratio_min_wall:10.2f}  {spread:>25}  {s.ratio_min_cpu:9.2f}"
        )
    print()
    print(f"per-round wall ratios to {baseline!r}:")
    for command in commands:
        if command.name != baseline:
            ratios = ", ".join(f"{ratio:.2f}" for ratio in summaries[command.name].round_ratios)
            print(f"  {command.name:<{width}}  {ratios}")


def machine() -> dict[str, object]:
    """What the results were measured on."""
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    try:
        options, specs = split_commands(sys.argv[1:] if argv is None else argv)
        args = parse_options(options)
        if not specs:
            raise UsageError("no command: give at least one --name NAME -- COMMAND...")
        commands = [Command(name, template) for name, template in specs]
        names = [command.name for command in commands]
        baseline_name = args.baseline or names[0]
        if baseline_name not in names:
            raise UsageError(f"--baseline {baseline_name!r} is none of {', '.join(names)}")
        if args.input is None:
            for command in commands:
                if any("{in}" in token for token in command.template):
                    raise UsageError(
                        f"command {command.name!r} uses {{in}} but there is no --input"
                    )
        given_dir = args.out_dir is not None
        if given_dir:
            out_dir = args.out_dir
            out_dir.mkdir(parents=True, exist_ok=True)
        else:
            parent = args.input.resolve().parent if args.input is not None else None
            out_dir = Path(tempfile.mkdtemp(prefix="bench_compare_", dir=parent))
        for command in commands:
            expand(command, args.input, out_dir)
    except UsageError as error:
        print(f"bench_compare: {error}", file=sys.stderr)
        return 2

    expected_lines = count_lines(args.input) if args.check_lines and args.input else None
    info = machine()
    print(
        f"python {info['python']} on {info['platform']}, {info['cpus']} CPUs; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    if args.input is not None:
        print(f"input: {args.input} ({args.input.stat().st_size / 1e6:.1f} MB)")
    print(f"{args.warmup} warm-up + {args.repeat} timed rounds of {len(commands)} commands")
    for command in commands:
        print(f"  {command.name}: {shlex.join(command.argv)}")
    status = 0
    try:
        total = args.warmup + args.repeat
        for index in range(total):
            timed = index >= args.warmup
            number = index - args.warmup + 1
            shift = 0 if args.no_rotate else index % len(commands)
            order = commands[shift:] + commands[:shift]
            for position, command in enumerate(order):
                stderr_path = out_dir / f"{command.name}.stderr"
                run = run_once(command, stderr_path, args.timeout)
                label = f"round {number}" if timed else f"warm-up {index + 1}"
                print(
                    f"  {label}: {command.name:<{max(map(len, names))}} {run.wall:8.2f} s wall"
                    f" {run.cpu:8.2f} s CPU {run.peak_mb:8.1f} MB  exit {run.exit_code}",
                    flush=True,
                )
                if run.exit_code not in args.ok_codes:
                    tail = stderr_tail(stderr_path)
                    how = (
                        f"was killed by signal {-run.exit_code}"
                        if run.exit_code < 0
                        else f"exited with {run.exit_code}"
                    )
                    raise RunFailed(
                        f"{command.name} {how} (expected an exit code in "
                        f"{', '.join(map(str, sorted(args.ok_codes)))}): "
                        f"{shlex.join(command.argv)}"
                        + (f"\n  its stderr ends:\n{tail}" if tail else "")
                    )
                if expected_lines is not None and command.output is not None:
                    if not command.output.exists():
                        raise RunFailed(f"{command.name} did not write {command.output}")
                    lines = count_lines(command.output)
                    if lines != expected_lines:
                        raise RunFailed(
                            f"{command.name}: {command.output} has {lines:,} lines, the input "
                            f"{expected_lines:,}"
                        )
                if timed:
                    run.round, run.position = number, position
                    command.runs.append(run)
    except RunFailed as error:
        print(f"bench_compare: {error}", file=sys.stderr)
        status = 1
    except UsageError as error:
        print(f"bench_compare: {error}", file=sys.stderr)
        status = 2
    finally:
        if not args.keep_outputs:
            if given_dir:
                for command in commands:
                    if command.output is not None:
                        command.output.unlink(missing_ok=True)
                    (out_dir / f"{command.name}.stderr").unlink(missing_ok=True)
            else:
                shutil.rmtree(out_dir, ignore_errors=True)
    if status:
        return status

    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    print()
    baseline = commands[names.index(baseline_name)]
    summaries = summarise(commands, baseline)
    report(commands, summaries, baseline_name)
    if args.keep_outputs:
        print(f"outputs kept in {out_dir}")
    if args.json is not None:
        document = {
            "machine": info,
            "settings": {
                "input": None if args.input is None else str(args.input),
                "input_bytes": None if args.input is None else args.input.stat().st_size,
                "repeat": args.repeat,
                "warmup": args.warmup,
                "rotate": not args.no_rotate,
                "baseline": baseline_name,
                "ok_codes": sorted(args.ok_codes),
            },
            "commands": [
                {
                    "name": command.name,
                    "argv": command.argv,
                    "runs": [asdict(run) for run in command.runs],
                    "summary": asdict(summaries[command.name]),
                }
                for command in commands
            ],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
