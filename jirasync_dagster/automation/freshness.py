"""Freshness of jira_issues judged by when each project was last confirmed to match JIRA, not by its last run."""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from dagster import (
    AssetCheckEvaluation,
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetChecksDefinition,
    AssetKey,
    asset_check,
)

from jirasync_dagster.automation.partitions import syncable_partitions
from jirasync_dagster.automation.settings import schedule_minutes
from jirasync_dagster.warehouse import read_states

FRESHNESS_CHECK = "projects_confirmed_recently"
ISSUES = AssetKey("jira_issues")
EXAMPLES = 10


def freshness_window() -> timedelta:
    """How long a project may go without being synced or checked: three schedule intervals."""
    return timedelta(minutes=3 * schedule_minutes())


def freshness_result(conn: sa.Connection, partitions: list[str], now: datetime | None = None) -> AssetCheckResult:
    """Passes when every active partition was synced, or checked and found unchanged, within the window."""
    now, window = now or datetime.now(timezone.utc), freshness_window()
    states = read_states(conn, partitions)
    confirmed = {p: s.confirmed_at for p, s in states.items()}
    stale = sorted(p for p, at in confirmed.items() if at is None or now - at > window)
    known = [at for at in confirmed.values() if at is not None]
    oldest = min(known) if known else None
    return AssetCheckResult(
        asset_key=ISSUES, check_name=FRESHNESS_CHECK, passed=not stale, severity=AssetCheckSeverity.WARN,
        metadata={
            "partitions": len(partitions), "stale": len(stale), "stale_examples": ", ".join(stale[:EXAMPLES]),
            "window_minutes": int(window.total_seconds() // 60),
            "oldest_confirmation_minutes": round((now - oldest).total_seconds() / 60, 1) if oldest else -1.0,
        },
    )


def as_evaluation(result: AssetCheckResult) -> AssetCheckEvaluation:
    """The same result as an event a sensor can report without a run."""
    return AssetCheckEvaluation(asset_key=ISSUES, check_name=FRESHNESS_CHECK, passed=result.passed,
                                metadata=result.metadata, severity=result.severity)


def build_freshness_check() -> AssetChecksDefinition:
    """The check, runnable from the UI; the change sensor reports it without a run as well."""

    @asset_check(asset=ISSUES, name=FRESHNESS_CHECK, required_resource_keys={"warehouse"},
                 description="Every active project was synced, or checked and found unchanged in JIRA, within "
                             "three schedule intervals (a quiet project gets no run, so its last run says little).")
    def projects_confirmed_recently(context: AssetCheckExecutionContext) -> AssetCheckResult:
        """Reads each project's last sync and last check from jira_sync_state."""
        engine = context.resources.warehouse.get().engine
        partitions = syncable_partitions(context.instance, engine)
        with engine.connect() as conn:
            return freshness_result(conn, partitions)

    return projects_confirmed_recently
