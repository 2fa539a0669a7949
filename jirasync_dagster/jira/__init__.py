"""The JIRA client: pure Python, no Dagster."""

from jirasync_dagster.jira.client import JiraClient, SearchPage
from jirasync_dagster.jira.connection import (
    ConfigurationError, JiraConnection, connection_from_env, connections_from_env,
)
from jirasync_dagster.jira.errors import (
    JiraAuthError, JiraBadRequestError, JiraError, JiraGoneError, JiraMalformedResponseError,
    JiraNotFoundError, JiraPermissionError, JiraUnavailableError,
)
from jirasync_dagster.jira.rate_limit import TokenBucket
from jirasync_dagster.jira.retry import RetryPolicy
from jirasync_dagster.jira.transport import JiraTransport

__all__ = [
    "ConfigurationError", "JiraAuthError", "JiraBadRequestError", "JiraClient", "JiraConnection",
    "JiraError", "JiraGoneError", "JiraMalformedResponseError", "JiraNotFoundError",
    "JiraPermissionError", "JiraTransport", "JiraUnavailableError", "RetryPolicy", "SearchPage",
    "TokenBucket", "connection_from_env", "connections_from_env",
]
