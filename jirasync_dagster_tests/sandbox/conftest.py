"""Sandbox servers started once per module, with sessions authenticated per flavour."""

import pytest
import requests

from jirasync_dagster.sandbox import SANDBOX_CREDENTIALS, InstanceSpec, SandboxServer

CLOUD = InstanceSpec("instance_1", "cloud", issues=600, seed=3, long_changelog_every=50)
DC = InstanceSpec("instance_2", "datacenter", issues=600, seed=4, projects=("ENG", "DATA", "WEB"),
                  time_zone="Pacific/Auckland", max_page_size=150)


@pytest.fixture
def server():
    """A fresh server per test, so mutations and faults never leak between tests."""
    with SandboxServer([CLOUD, DC]) as s:
        yield s


def session_for(server: SandboxServer, name: str) -> requests.Session:
    """A requests session with the credentials the instance's flavour expects."""
    session = requests.Session()
    spec = server.instance(name).spec
    if spec.is_cloud:
        session.auth = (SANDBOX_CREDENTIALS["email"], SANDBOX_CREDENTIALS["api_token"])
    else:
        session.headers["Authorization"] = f"Bearer {SANDBOX_CREDENTIALS['pat']}"
    return session


@pytest.fixture
def cloud(server):
    """(base URL, session) of the Cloud instance."""
    return server.instance_url("instance_1"), session_for(server, "instance_1")


@pytest.fixture
def dc(server):
    """(base URL, session) of the Data Center instance."""
    return server.instance_url("instance_2"), session_for(server, "instance_2")
