"""Run ``vardgaranti`` with the columnar engine's blocks of another size (a probe, not a tool).

Usage::

    python benchmarks/block_size.py BYTES check IN.csv --as-of 2025-06-02 --engine columnar \\
        --output OUT.csv

Sets :data:`vardgaranti._columnar.BLOCK_BYTES` (2 MiB in the package) to *BYTES* and runs the
command line with the rest of the arguments, in this process. A block also ends after
:data:`~vardgaranti._columnar.BLOCK_LINES` lines (65,536): on the benchmark file, of 76 bytes a
line, blocks over about 4.75 MiB are cut there. With ``bench_compare.py`` it
measures what the block size trades: time against peak memory (see README.md, "Block size").
"""

from __future__ import annotations

import sys

import vardgaranti._columnar as columnar
from vardgaranti._cli import main

if __name__ == "__main__":
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    columnar.BLOCK_BYTES = int(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
