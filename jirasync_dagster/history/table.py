"""Writing sync runs into jira_sync_history (no Dagster)."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from jirasync_dagster.history.sync_run import SyncRun
from jirasync_dagster.warehouse.schema import HISTORY_COUNTS, sync_history


def _row(run: SyncRun) -> dict:
    instance, _, project = (run.partition or "").partition(":")
    counts = {name: run.metadata.get(name) for name in HISTORY_COUNTS}
    return {
        "run_id": run.run_id, "partition_key": run.partition or "", "instance": instance or None,
        "project_key": project or None, "status": run.status, "trigger": run.trigger,
        "mode": run.metadata.get("mode"), "started_at": run.started_at, "ended_at": run.ended_at,
        "seconds": run.seconds, **counts, "metadata": run.metadata,
    }


def record_syncs(engine: sa.Engine, runs: list[SyncRun], *, only_missing: bool = False) -> int:
    """Upsert `runs` into jira_sync_history; with `only_missing`, keep rows already there. Returns rows written."""
    if not runs:
        return 0
    statement = insert(sync_history).values([_row(run) for run in runs])
    keys = ["run_id", "partition_key"]
    if only_missing:
        # The run's own row knows its partition's sync time; Dagster's run record only the run's.
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    else:
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={c.name: statement.excluded[c.name] for c in sync_history.columns if c.name not in keys})
    with engine.begin() as conn:
        return conn.execute(statement).rowcount


def history_row_count(engine: sa.Engine) -> int:
    """Rows in jira_sync_history."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(sync_history)).scalar_one()
