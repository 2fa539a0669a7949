"""Rolling a mapping change out to the warehouse: checked, stored and given its columns at once."""

import sqlalchemy as sa

from jirasync_dagster.mapping.column_types import column_sql_type
from jirasync_dagster.mapping.errors import MappingError
from jirasync_dagster.mapping.model import ALL_INSTANCES, FieldMapping, FieldSource
from jirasync_dagster.mapping.store import MappingStore, OnApply
from jirasync_dagster.warehouse import add_missing_columns, column_conflicts
from jirasync_dagster.warehouse.locks import transaction_lock
from jirasync_dagster.warehouse.schema import ISSUES_TABLE, field_cache, quote


def wanted_columns(mappings: list[FieldMapping]) -> dict[str, sa.types.TypeEngine]:
    """Column name -> SQL type of every active mapping."""
    return {m.column: column_sql_type(m.type) for m in mappings if m.active}


def cached_field_ids(conn: sa.Connection) -> dict[str, set[str]]:
    """Instance -> the field ids of its cached /field list."""
    found: dict[str, set[str]] = {}
    for instance, field_id in conn.execute(sa.select(field_cache.c.instance, field_cache.c.field_id)):
        found.setdefault(instance, set()).add(field_id)
    return found


def unknown_fields(conn: sa.Connection, mappings: list[FieldMapping]) -> list[str]:
    """Messages for custom field ids of active mappings that an instance's /field list lacks."""
    cached = cached_field_ids(conn)
    problems = []
    for mapping in (m for m in mappings if m.active):
        for instance, source in mapping.sources.items():
            if not isinstance(source, FieldSource):
                continue
            if instance != ALL_INSTANCES and instance not in cached:
                problems.append(
                    f"mapping {mapping.column!r}: instance {instance!r} has no cached field list "
                    f"(known: {', '.join(sorted(cached)) or 'none'}); run `jirasync fields discover` first"
                )
                continue
            # System fields have one id everywhere and Data Center omits some (parent) from
            # /field, so only custom field ids, which differ per instance, are checked.
            custom = [f for f in source.jira_fields if f.startswith("customfield_")]
            for name in sorted(cached) if instance == ALL_INSTANCES else [instance]:
                problems.extend(
                    f"mapping {mapping.column!r}: field {field_id!r} does not exist on {name} "
                    f"(not in its /field list; `jirasync fields suggest` finds the right id)"
                    for field_id in custom if field_id not in cached[name]
                )
    return problems


def rollout(check_fields: bool = True) -> OnApply:
    """The MappingStore hook that refuses a set the warehouse cannot take, else adds its new columns."""

    def check_and_add_columns(conn: sa.Connection, mappings: list[FieldMapping]) -> None:
        wanted = wanted_columns(mappings)
        problems = column_conflicts(conn, wanted)
        if check_fields:
            problems += unknown_fields(conn, mappings)
        if problems:
            raise MappingError.from_problems("the mapping change (nothing was changed)", problems)
        add_missing_columns(conn, wanted)

    return check_and_add_columns


def dropping(column: str) -> OnApply:
    """The hook of `fields remove --drop-column` and `fields migrate`: drop `column`, then add the set's columns."""
    # migrate gets the column back at once, empty and with its new type, to be re-derived from raw.

    def drop_and_add(conn: sa.Connection, mappings: list[FieldMapping]) -> None:
        transaction_lock(conn, "schema")
        conn.execute(sa.text(f"ALTER TABLE {quote(conn, ISSUES_TABLE)} DROP COLUMN IF EXISTS {quote(conn, column)}"))
        rollout(check_fields=False)(conn, mappings)

    return drop_and_add


def active_mappings_with_columns(engine: sa.Engine) -> list[FieldMapping]:
    """The active mappings (seeding the defaults on first use), each with its column in jira_issues_v2."""
    store = MappingStore(engine)
    store.ensure_tables()
    mappings = store.load_active()
    with engine.begin() as conn:
        add_missing_columns(conn, wanted_columns(mappings))
    return mappings
