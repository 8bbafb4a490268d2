"""A path that reads as a pipe (``<(cat file)`` in a shell): its bytes can be read once."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Tests of a pipe given by its path need ``/dev/fd``.
NEEDS_DEV_FD = pytest.mark.skipif(
    not Path("/dev/fd").is_dir(), reason="/dev/fd names a pipe's descriptor"
)


@contextlib.contextmanager
def piped(data: bytes) -> Iterator[str]:
    """``/dev/fd/N`` of a pipe that a thread fills with *data* (closed after the block)."""
    read, write = os.pipe()

    def feed() -> None:
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        yield f"/dev/fd/{read}"
    finally:
        feeder.join()
        os.close(read)
