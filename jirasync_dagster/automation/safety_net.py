"""The schedule's tick: which projects JIRA changed since their watermarks, and which reconciliations are due."""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from jirasync_dagster.automation.changes import not_yet_synced, scan_since_watermarks
from jirasync_dagster.automation.clients import tick_client
from jirasync_dagster.jira import JiraError
from jirasync_dagster.sync import split_partition_key
from jirasync_dagster.sync.jql import epoch_ms, window_start
from jirasync_dagster.warehouse import SyncState, mark_checked, read_states


@dataclass
class TickPlan:
    """What one safety-net tick asks for, and what it confirmed."""

    behind: list[str] = field(default_factory=list)  # JIRA holds changes these partitions lack
    first: list[str] = field(default_factory=list)  # never synced
    reconcile: list[str] = field(default_factory=list)  # deletion reconciliation due (this tick's share)
    checked: int = 0  # partitions confirmed up to date
    unreachable: dict[str, str] = field(default_factory=dict)  # instance -> why its scan failed


@dataclass(frozen=True)
class TickPolicy:
    """The knobs of a tick: how old a change must be to be ours, and the reconciliation cadence."""

    overlap_minutes: float = 5.0  # the sync's own re-read window (JQL minute precision, index lag)
    sensor_grace_seconds: float = 180.0  # younger changes are the change sensor's to request
    reconcile_every_hours: float = 6.0
    interval_minutes: float = 10.0

    def reconcile_share(self, partitions: int) -> int:
        """Reconciliations one tick may request, so that a cadence's worth spreads over its ticks."""
        ticks_per_cadence = max(1.0, self.reconcile_every_hours * 60 / self.interval_minutes)
        return math.ceil(partitions / ticks_per_cadence) + 1


def plan_tick(resources, engine: sa.Engine, syncable: list[str], busy: set[str], policy: TickPolicy,
              now: datetime | None = None, log=None) -> TickPlan:
    """Scan each instance once from its partitions' watermarks; list what needs a run; mark the rest checked."""
    now = now or datetime.now(timezone.utc)
    with engine.connect() as conn:
        states = read_states(conn, syncable)
    plan = TickPlan(first=[p for p in syncable if states[p].watermark is None and p not in busy])
    for resource in resources:
        mine = {p: states[p] for p in syncable if split_partition_key(p)[0] == resource.name and p not in busy}
        starts = {split_partition_key(p)[1]: epoch_ms(window_start(s.watermark, policy.overlap_minutes))
                  for p, s in mine.items() if s.watermark is not None}
        if not starts:
            continue
        try:
            with tick_client(resource, log) as client:
                scans = scan_since_watermarks(client, starts)
        except JiraError as exc:
            plan.unreachable[resource.name] = str(exc)
            continue
        for projects, found in scans:
            partitions = [f"{resource.name}:{p}" for p in projects]
            if found.complete:
                grace = datetime.fromtimestamp(found.clock_ms / 1000, timezone.utc) - timedelta(
                    seconds=policy.sensor_grace_seconds)
                with engine.connect() as conn:
                    lacking = not_yet_synced(conn, resource.name, found.changed)
                    # Changes younger than the grace are the change sensor's to request.
                    behind = not_yet_synced(conn, resource.name,
                                            {i: c for i, c in found.changed.items() if c[1] <= grace})
            else:
                lacking = behind = partitions  # more changes than one scan lists: read every project it covered
            plan.behind += [p for p in behind if p in mine]
            up_to_date = [p for p in partitions if p not in lacking]
            with engine.begin() as conn:
                plan.checked += mark_checked(conn, up_to_date, datetime.fromtimestamp(found.clock_ms / 1000, timezone.utc))
    wanted = set(plan.behind) | set(plan.first)
    due = sorted((p for p in syncable if p not in busy and p not in wanted and _reconcile_due(states[p], policy, now)),
                 key=lambda p: states[p].last_reconciled_at or datetime.min.replace(tzinfo=timezone.utc))
    plan.reconcile = due[:policy.reconcile_share(len(syncable))]
    return plan


def _reconcile_due(state: SyncState, policy: TickPolicy, now: datetime) -> bool:
    if state.watermark is None:
        return False  # its first, full read reconciles anyway
    if state.last_reconciled_at is None:
        return True
    return now - state.last_reconciled_at >= timedelta(hours=policy.reconcile_every_hours)
