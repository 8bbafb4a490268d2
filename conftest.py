"""Run the README's Python examples as part of the test suite (Sybil).

``docs/conftest.py`` does the same, with more parsers, for the documentation pages.
"""

import doctest

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["README.md"],
).pytest()
