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
