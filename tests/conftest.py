"""Shared pytest configuration: hypothesis profiles.

Locally hypothesis explores new examples on every run; under CI (``CI`` set) it is
derandomized, so a CI run is reproducible and a failure can be replayed.
"""

import os

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


@pytest.fixture(params=["evaluate", "batch"])
def both_entry_points(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a result-level test module through ``evaluate()`` and through the batch.

    With ``batch``, the module's ``evaluate`` is replaced by
    :func:`tests.batch_bridge.evaluate_through_batch`, which also runs every case that a
    waiting-list row can express through ``check`` and asserts the same figures.
    """
    if request.param == "batch":
        from tests.batch_bridge import evaluate_through_batch

        monkeypatch.setattr(request.module, "evaluate", evaluate_through_batch)
    return str(request.param)
