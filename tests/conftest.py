"""Shared pytest configuration: hypothesis profiles.

Locally hypothesis explores new examples on every run; under CI (``CI`` set) it is
derandomized, so a CI run is reproducible and a failure can be replayed.
"""

import os
from collections.abc import Iterator

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


# -- one suite through both entry points ---------------------------------------------------------

import pytest  # noqa: E402 - after the hypothesis profiles, which must load first


@pytest.fixture(params=["evaluate", "batch", "columnar"])
def both_entry_points(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a result-level test module through ``evaluate()`` and through the batch.

    With ``batch``, the module's ``evaluate`` is replaced by
    :func:`tests.batch_bridge.evaluate_through_batch`, which also runs every case that a
    waiting-list row can express through ``check`` and asserts the same figures; with
    ``columnar``, the same through ``check``'s columnar engine.
    """
    if request.param != "evaluate":
        import functools

        from tests.batch_bridge import evaluate_through_batch

        engine = "columnar" if request.param == "columnar" else "stream"
        bridge = functools.partial(evaluate_through_batch, engine=engine)
        monkeypatch.setattr(request.module, "evaluate", bridge)
    return str(request.param)


# -- the batch suite through both engines of check -----------------------------------------------


@pytest.fixture(scope="module", params=["stream", "columnar", "sliced"])
def check_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test module's ``check`` once per engine (``stream``, ``columnar``, ``sliced``).

    A module opts in with ``pytestmark = pytest.mark.usefixtures("check_engine")``; its
    ``check_waiting_list`` and ``main`` then go through the engine (see ``tests/engines.py``).
    """
    from tests.engines import routed

    with routed(request.module, str(request.param)):
        yield str(request.param)
