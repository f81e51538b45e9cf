"""Fixtures of the inventory tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def inv(world):
    """One object of every inventory model on contract A (and B's, made too), by model name."""
    from yunwei.inventory.testing import make_inventory

    make_inventory(world.b, "BBB")
    return {k.split(".", 1)[1]: v for k, v in make_inventory(world.a, "AAA").items()}
