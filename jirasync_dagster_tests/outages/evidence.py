"""What an outage test reads back: a run's log as text, and the warehouse beside the sandbox."""

import logging

import sqlalchemy as sa

from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view


def run_log_text(instance, run_id: str) -> str:
    """Every event of a Dagster run, messages and errors included, as one text to search."""
    return "\n".join(repr(entry) for entry in instance.all_logs(run_id))


def step_errors(instance, run_id: str) -> str:
    """The messages of a failed run's step errors and their causes, as the Dagster UI shows them."""
    messages = []
    for entry in instance.all_logs(run_id):
        error = entry.dagster_event.event_specific_data.error if entry.dagster_event and \
            entry.dagster_event.is_step_failure else None
        while error is not None:
            messages.append(error.message.strip())
            error = error.cause
    return "\n".join(messages)


def run_warnings(instance, run_id: str, about: str) -> list[str]:
    """The run's WARNING-level messages that mention `about`."""
    return [e.user_message for e in instance.all_logs(run_id)
            if logging.WARNING <= e.level < logging.ERROR and about in e.user_message]


def assert_exact(database_url: str, sandbox, partition: str) -> None:
    """The warehouse holds exactly the sandbox's live issues of `partition`, each once."""
    instance, project = partition.split(":")
    warehouse = Warehouse(database_url)
    jira = sandbox_view(sandbox, instance, project)
    try:
        assert warehouse_view(warehouse, instance, project) == jira
        with warehouse.engine.connect() as conn:
            rows, keys = conn.execute(sa.text(
                "SELECT count(*), count(DISTINCT issue_key) FROM jira_issues_v2 WHERE instance = :i AND project_key = :p"
            ), {"i": instance, "p": project}).one()
        assert rows == keys == len(jira)
    finally:
        warehouse.dispose()
