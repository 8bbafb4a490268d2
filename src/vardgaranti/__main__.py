"""``python -m vardgaranti``: the same as the ``vardgaranti`` command."""

import sys

from ._cli import main

sys.exit(main())
