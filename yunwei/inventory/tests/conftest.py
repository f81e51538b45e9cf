"""Fixtures of the inventory tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def inv(world):
    """One object of every inventory model on contract A (and B's, made too), by model name:
    built with the world when the module's world_builder is make_world_with_inventory (once
    for the module), for the test otherwise."""
    from yunwei.inventory.testing import make_inventory

    if hasattr(world.a, "inventory"):
        return world.a.inventory
    make_inventory(world.b, "BBB")
    return {k.split(".", 1)[1]: v for k, v in make_inventory(world.a, "AAA").items()}
