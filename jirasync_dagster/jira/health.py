"""What `jirasync doctor` learns about one JIRA instance: reachability, identity, limits."""

from dataclasses import dataclass, field

from jirasync_dagster.jira.client import JiraClient
from jirasync_dagster.jira.connection import JiraConnection
from jirasync_dagster.jira.errors import JiraError
from jirasync_dagster.jira.retry import RetryPolicy
from jirasync_dagster.jira.transport import JiraTransport

# A check should answer in seconds: two quick attempts, not a sync's patience.
CHECK_RETRY = RetryPolicy(max_attempts=2, base_delay=0.2, run_wait_budget=5)


@dataclass
class InstanceHealth:
    """The outcome of checking one instance; `error` is None when every check passed."""

    name: str
    url: str
    flavour: str = ""
    version: str = ""
    user: str = ""
    time_zone: str = ""
    projects: int | None = None
    rate_limit_headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the instance is reachable, signed in and can list projects."""
        return self.error is None


def check_instance(connection: JiraConnection, timeout: float = 10.0) -> InstanceHealth:
    """Ask serverInfo, /myself and the project list, stopping at the first failure."""
    health = InstanceHealth(connection.name, connection.url)
    transport = JiraTransport(connection, timeout=(timeout, timeout), retry=CHECK_RETRY)
    client = JiraClient(connection, transport)  # its own in-process cache: the doctor asks JIRA itself
    try:
        info = client.server_info()
        health.version = str(info.get("version", "?"))
        health.flavour = client.flavour
        me = client.myself()
        health.user = str(me.get("emailAddress") or me.get("name") or me.get("displayName") or me.get("accountId"))
        health.time_zone = str(me.get("timeZone", "?"))
        health.projects = len(client.projects())
    except JiraError as exc:
        health.error = str(exc)
    finally:
        health.rate_limit_headers = dict(transport.rate_limit_headers)
        client.close()
    return health
