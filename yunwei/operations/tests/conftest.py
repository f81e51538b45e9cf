"""The test world with this app's objects on both contracts (yunwei.operations.testing)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def world_builder():
    """Two contracts of different vendors, a user in every role, and operations objects."""
    from yunwei.operations.testing import make_operations
    from yunwei.testing import make_world

    def build():
        built = make_world()
        make_operations(built.a, "AAA")
        make_operations(built.b, "BBB")
        return built

    return build
