"""Transition columns (first or latest move to a status, time in status) from stored changelogs."""

import sqlalchemy as sa

from jirasync_dagster.mapping import FieldMapping, IssueConverter, TransitionSource
from jirasync_dagster.warehouse.changelog import mark_derived, stored_histories
from jirasync_dagster.warehouse.column_updates import update_columns

_NO_FIELDS: dict = {"fields": {}}


def transition_mappings(mappings: list[FieldMapping], instance: str) -> list[FieldMapping]:
    """Active mappings whose source on `instance` is the changelog."""
    return [m for m in mappings if m.active and isinstance(m.source_for(instance), TransitionSource)]


def derive_transition_columns(conn: sa.Connection, instance: str, converter: IssueConverter,
                              mappings: list[FieldMapping], chunk: list[tuple]) -> int:
    """Compute `mappings` (transition-sourced) for the rows in `chunk` from stored changelogs.

    `chunk` holds (issue_id, updated, synced_at, ...) of live rows; a row rewritten since
    (its synced_at moved) is left alone and picked up by the next step. Returns rows written.
    """
    histories = stored_histories(conn, [(instance, row[0]) for row in chunk])
    rows = []
    for issue_id, _, synced_at, *_ in chunk:
        converted = converter.convert(_NO_FIELDS, changelog=histories.get((instance, issue_id), []))
        rows.append((instance, issue_id, synced_at, *(converted.values.get(m.column) for m in mappings)))
    written = update_columns(conn, [(m.column, m.type) for m in mappings], rows)
    mark_derived(conn, instance, {row[1]: row[2] for row in rows})
    return written
