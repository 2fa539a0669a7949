"""JIRA clients for sensor ticks: short timeouts and few retries, so a tick never hangs."""

from collections.abc import Iterator
from contextlib import contextmanager

from jirasync_dagster.jira import JiraClient
from jirasync_dagster.resources import JiraResource, resource_key

# A tick must finish well inside Dagster's sensor evaluation timeout (60 s); a slow JIRA is
# retried by the next tick rather than waited for.
TICK_LIMITS = {
    "connect_timeout_seconds": 3.0, "read_timeout_seconds": 10.0,
    "max_attempts": 2, "retry_wait_budget_seconds": 5.0,
}


def configured_resources(resources, instances: list[str]) -> list[JiraResource]:
    """The JiraResource of every configured instance, from a sensor's resources."""
    return [getattr(resources, resource_key(name)) for name in instances]


@contextmanager
def tick_client(resource: JiraResource, log=None) -> Iterator[JiraClient]:
    """A client of `resource` with tick limits, closed afterwards."""
    client = resource.model_copy(update=TICK_LIMITS).client(log=log)
    try:
        yield client
    finally:
        client.close()
