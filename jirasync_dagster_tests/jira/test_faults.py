"""The client against a misbehaving sandbox JIRA: retries land exact data; failures leave no trace."""

import logging
import traceback

import pytest
import sqlalchemy as sa

from jirasync_dagster.jira import (
    JiraAuthError,
    JiraBadRequestError,
    JiraClient,
    JiraNotFoundError,
    JiraTransport,
    JiraUnavailableError,
    connections_from_env,
)
from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.sandbox import FaultConfig
from jirasync_dagster.sync import sync_partition
from jirasync_dagster_tests.jira.conftest import FAST_RETRY
from jirasync_dagster_tests.sync.helpers import (
    sandbox_view,
    sync,
    warehouse_view,
)

PARTITIONS = [f"instance_1:{p}" for p in ("ENG", "OPS", "SUP")] + [f"instance_2:{p}" for p in ("ENG", "DATA", "WEB")]
SANDBOX_SECRETS = ("sandbox-api-token", "sandbox-pat")


def fast_client(server, instance: str, **overrides) -> JiraClient:
    """A client with short retry delays (and optionally other credentials)."""
    (connection,) = [c for c in connections_from_env({**server.env(), **overrides}) if c.name == instance]
    return JiraClient(connection, JiraTransport(connection, retry=FAST_RETRY))


def sync_with(client, warehouse, mappings, partition):
    try:
        return sync_partition(client, warehouse, IssueConverter(mappings, client.name), partition)
    finally:
        client.close()


def watermark(warehouse, partition):
    with warehouse.engine.connect() as conn:
        return conn.execute(sa.text("SELECT watermark FROM jira_sync_state WHERE partition_key = :p"),
                            {"p": partition}).scalar()


def test_fault_mix_lands_exactly_the_sandbox(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    for seed, name in enumerate(("instance_1", "instance_2")):
        # Small pages so the sync makes enough requests (about 70 per instance) to meet every fault.
        sandbox.instance(name).set_faults(FaultConfig(
            rate_429=0.10, retry_after=0, rate_5xx=0.05, rate_reset=0.02, max_page_size=5, seed=seed + 11))
    reports = [sync(sandbox, warehouse, mappings, p) for p in PARTITIONS]
    for name in ("instance_1", "instance_2"):
        assert warehouse_view(warehouse, name) == sandbox_view(sandbox, name)
    statuses = {entry[3] for name in ("instance_1", "instance_2") for entry in sandbox.instance(name).request_log}
    assert {429, 0} <= statuses and statuses & {500, 502, 503}, f"the sync met only {statuses}"
    assert sum(r.api["api_retries"] for r in reports) > 0
    assert sum(r.api["api_throttled"] for r in reports) > 0


@pytest.mark.parametrize("fault", [FaultConfig(rate_5xx=1.0), FaultConfig(rate_truncated=1.0)], ids=["503", "truncated"])
def test_persistent_failure_names_the_instance_and_keeps_the_watermark(sandbox, warehouse_and_mappings, fault):
    warehouse, mappings = warehouse_and_mappings
    partition = "instance_2:DATA"
    sync_with(fast_client(sandbox, "instance_2"), warehouse, mappings, partition)
    before = watermark(warehouse, partition)
    sandbox.instance("instance_2").update_issue(next(iter(sandbox_view(sandbox, "instance_2", "DATA"))))
    sandbox.instance("instance_2").set_faults(fault)
    with pytest.raises(JiraUnavailableError) as raised:
        sync_with(fast_client(sandbox, "instance_2"), warehouse, mappings, partition)
    assert raised.value.instance == "instance_2" and str(raised.value).startswith("instance_2: ")
    assert "still failing after 8 attempts" in str(raised.value)
    assert watermark(warehouse, partition) == before


def test_wrong_password_says_authentication_failed_and_hides_the_secret(sandbox, warehouse_and_mappings, caplog):
    caplog.set_level(logging.DEBUG)
    warehouse, mappings = warehouse_and_mappings
    secret = "wrong-secret-4f1c9e"
    with pytest.raises(JiraAuthError) as raised:
        sync_with(fast_client(sandbox, "instance_1", JIRA_PASSWORD_1=secret), warehouse, mappings, "instance_1:ENG")
    message = str(raised.value)
    assert f"authentication failed for instance_1 ({sandbox.instance_url('instance_1')})" in message
    assert "JIRA_USERNAME_1 and JIRA_PASSWORD_1" in message
    assert_secret_nowhere(secret, raised.value, caplog)


def test_failing_instance_never_shows_its_secrets(sandbox, warehouse_and_mappings, caplog):
    caplog.set_level(logging.DEBUG)
    warehouse, mappings = warehouse_and_mappings
    for name in ("instance_1", "instance_2"):
        sandbox.instance(name).set_faults(FaultConfig(rate_5xx=0.5, rate_reset=0.5, seed=5))
    for partition in ("instance_1:ENG", "instance_2:ENG"):
        with pytest.raises(JiraUnavailableError) as raised:
            sync_with(fast_client(sandbox, partition.split(":")[0]), warehouse, mappings, partition)
        for secret in SANDBOX_SECRETS:
            assert_secret_nowhere(secret, raised.value, caplog)
    assert any("retry" in r.getMessage() for r in caplog.records)


def assert_secret_nowhere(secret: str, exc: BaseException, caplog) -> None:
    """`secret` is in no log line and nowhere in the exception, its chain or its traceback."""
    assert secret not in "".join(traceback.format_exception(exc))
    assert secret not in repr(exc) and secret not in str(exc.__dict__)
    assert not [r for r in caplog.records if secret in r.getMessage()]
    assert secret not in caplog.text


def test_bad_jql_shows_the_query_and_jiras_message(sandbox):
    client = fast_client(sandbox, "instance_2")
    with pytest.raises(JiraBadRequestError) as raised:
        list(client.search_pages("project = ENG AND nonsense ~~ 1", ["summary"]))
    assert "project = ENG AND nonsense ~~ 1" in str(raised.value) and raised.value.status == 400
    assert client.stats.retries == 0  # a 400 is never retried


def test_unknown_endpoint_is_not_found_and_not_retried(sandbox):
    client = fast_client(sandbox, "instance_1")
    with pytest.raises(JiraNotFoundError) as raised:
        client.transport.get("/rest/api/3/project/NOPE")
    assert "instance_1" in str(raised.value) and "unknown project" in str(raised.value)
    # Counted at the client: the sandbox appends to its log only after it has answered.
    assert client.stats.api_calls == 1 and client.stats.retries == 0


def test_answer_of_an_unexpected_shape_is_a_malformed_response_not_retried(sandbox):
    """Decoding with a schema (as the search does): valid JSON of the wrong shape names the request."""
    import msgspec

    from jirasync_dagster.jira import JiraMalformedResponseError

    class Paged(msgspec.Struct):
        issues: list[msgspec.Raw] | None = None

    client = fast_client(sandbox, "instance_2")
    with pytest.raises(JiraMalformedResponseError) as raised:
        client.transport.request("GET", "/rest/api/2/project", decode=msgspec.json.Decoder(Paged).decode)
    assert "/rest/api/2/project" in str(raised.value) and "not the JSON expected" in str(raised.value)
    assert client.stats.retries == 0
