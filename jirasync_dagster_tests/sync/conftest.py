"""Sync test fixtures: a two-instance sandbox for the comment and link tests."""

import pytest

from jirasync_dagster.sandbox import InstanceSpec, SandboxServer

FLAVOURS = {"instance_1": "cloud", "instance_2": "datacenter"}


@pytest.fixture
def comment_sandbox():
    """A Cloud and a Data Center instance (ENG and OPS) where every 6th issue has more comments than search embeds."""
    specs = [InstanceSpec(name, flavour, issues=40, seed=11, projects=("ENG", "OPS"), many_comments_every=6)
             for name, flavour in FLAVOURS.items()]
    with SandboxServer(specs) as server:
        yield server
