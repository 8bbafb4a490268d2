"""``python -m vardgaranti`` and the ``vardgaranti`` command: start the command line.

Nothing of the command line is imported before :func:`main` is inside its ``try``, so that a
Ctrl-C while the command starts up (its imports, building the parser) ends as one during a run
does: one line on stderr and exit 130, never a traceback.
"""

import sys


def main() -> int:
    """Run the command line on ``sys.argv[1:]`` and return the exit code."""
    try:
        from ._cli import main as run

        return run()
    except KeyboardInterrupt:
        if sys.stderr is not None:  # closed (`2>&-`): say nothing rather than print on stdout
            print("vardgaranti: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
