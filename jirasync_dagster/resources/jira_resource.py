"""JiraResource: one JIRA instance as a Dagster resource, secrets read through EnvVar."""

from typing import Optional

from dagster import ConfigurableResource, EnvVar, InitResourceContext
from pydantic import Field

from jirasync_dagster.jira import JiraClient, JiraConnection, JiraTransport, RetryPolicy
from jirasync_dagster.jira.connection import connection_from_env, skipped_entities
from jirasync_dagster.jira.metadata_cache import MetadataCache, cache_namespace
from jirasync_dagster.jira.redis_support import begin_run, redis_url_from_env
from jirasync_dagster.jira.shared_limiter import DEFAULT_FALLBACK_SHARE, rate_limiter


class JiraResource(ConfigurableResource):
    """A JIRA Cloud or Data Center instance and how hard to query it."""

    name: str = Field(description="Instance name used in partition keys and rows (JIRA_NAME_<n>).")
    number: int = Field(description="The <n> of this instance's JIRA_*_<n> variables.")
    url: str = Field(description="Base URL of the instance (JIRA_URL_<n>).")
    username: Optional[str] = Field(default=None, description="Cloud account email or Data Center user.")
    password: Optional[str] = Field(default=None, description="Cloud API token or Data Center password.")
    token: Optional[str] = Field(default=None, description="Data Center personal access token.")
    projects: Optional[str] = Field(default=None, description="Comma-separated project allowlist.")
    api: Optional[str] = Field(default=None, description="`cloud` or `datacenter`; unset: detected.")
    skip: Optional[str] = Field(default=None, description="Comma-separated entities not mirrored (JIRA_SKIP_<n>).")
    page_size: int = Field(default=100, description="Issues asked for per search page.")
    connect_timeout_seconds: float = Field(default=10.0, description="Timeout to open a connection.")
    read_timeout_seconds: float = Field(default=60.0, description="Timeout to wait for an answer.")
    requests_per_second: float = Field(
        default=10.0, description="Request rate limit for this instance, shared by every run when REDIS_URL is set."
    )
    redis_fallback_share: float = Field(
        default=DEFAULT_FALLBACK_SHARE, gt=0, le=1,
        description="Share of requests_per_second a run keeps to while REDIS_URL is set but Redis is unreachable.",
    )
    metadata_cache_seconds: float = Field(default=600.0, description="How long /field, /myself and serverInfo are cached.")
    max_attempts: int = Field(default=8, description="Attempts per request before giving up.")
    retry_wait_budget_seconds: float = Field(default=900.0, description="Total retry waiting allowed per run.")

    def setup_for_execution(self, context: InitResourceContext) -> None:
        """At each run's start: try Redis again, even when an earlier run in this process found it down."""
        begin_run()

    def connection(self) -> JiraConnection:
        """The plain connection settings of this instance."""
        projects = tuple(p.strip().upper() for p in self.projects.split(",") if p.strip()) if self.projects else None
        return JiraConnection(
            name=self.name, url=self.url.rstrip("/"), number=self.number, username=self.username,
            password=self.password, token=self.token, projects=projects, api=self.api or None,
            skip=skipped_entities(self.skip, self.number),
        )

    def client(self, log=None) -> JiraClient:
        """A new client with this resource's limits; close it when done."""
        connection = self.connection()
        # REDIS_URL is read here, not kept in config: it may hold a password.
        redis_url = redis_url_from_env()
        logs = {"log": log} if log is not None else {}
        transport = JiraTransport(
            connection,
            timeout=(self.connect_timeout_seconds, self.read_timeout_seconds),
            retry=RetryPolicy(max_attempts=self.max_attempts, run_wait_budget=self.retry_wait_budget_seconds),
            # Keyed by URL: JIRA limits per site, whatever name each deployment gives it.
            limiter=rate_limiter(connection.url, self.requests_per_second, redis_url,
                                 fallback_share=self.redis_fallback_share, **logs),
            **logs,
        )
        cache = MetadataCache(cache_namespace(connection), redis_url, self.metadata_cache_seconds, **logs)
        return JiraClient(connection, transport, page_size=self.page_size, cache=cache)


def jira_resources_from_env() -> dict[str, JiraResource]:
    """A JiraResource per JIRA_URL_<n> in the environment, keyed `jira_<name>`; secrets stay EnvVars."""
    from jirasync_dagster.jira.connection import instance_numbers

    resources = {}
    for n in instance_numbers():
        connection = connection_from_env(n)
        resources[resource_key(connection.name)] = JiraResource(
            name=connection.name, number=n, url=connection.url,
            username=connection.username, password=EnvVar(f"JIRA_PASSWORD_{n}") if connection.password else None,
            token=EnvVar(f"JIRA_TOKEN_{n}") if connection.token else None,
            projects=",".join(connection.projects) if connection.projects else None, api=connection.api,
            skip=",".join(connection.skip) or None,
        )
    return resources


def resource_key(instance: str) -> str:
    """The resource key of an instance's JiraResource."""
    return f"jira_{instance}"
