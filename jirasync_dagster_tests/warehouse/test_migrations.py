"""Alembic migrations of jirasync's own tables: fresh warehouses, v0 upgrades, concurrency, drift."""

import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from jirasync_dagster.mapping.store_tables import metadata as mapping_metadata
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster.warehouse.migrations import (
    VERSION_TABLE,
    current_revision,
    head_revision,
)
from jirasync_dagster.warehouse.schema import metadata



@pytest.fixture
def database_url(empty_database_url):
    """These tests migrate a database themselves: start from an empty one, not the migrated template."""
    return empty_database_url


# Tables registered on schema.metadata by work in progress whose revision is not written yet.
# Warehouse.create_tables still creates them (create_all safety net); remove each name once
# its revision lands (`python -m jirasync_dagster.warehouse.migrations revision -m "…"`).
PENDING_REVISION: set[str] = set()

# The warehouse as `metadata.create_all` made it before migrations existed, with a user column.
V0_DDL = """
CREATE TABLE jira_issues_v2 (
    instance TEXT NOT NULL, issue_id BIGINT NOT NULL, issue_key TEXT NOT NULL, project_key TEXT NOT NULL,
    updated TIMESTAMP WITH TIME ZONE, raw JSONB NOT NULL,
    synced_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, deleted_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (instance, issue_id));
CREATE INDEX ix_jira_issues_v2_project ON jira_issues_v2 (instance, project_key);
CREATE INDEX ix_jira_issues_v2_issue_key ON jira_issues_v2 (issue_key);
CREATE INDEX ix_jira_issues_v2_updated ON jira_issues_v2 (updated);
CREATE TABLE jira_projects (
    instance TEXT NOT NULL, project_key TEXT NOT NULL, project_id TEXT, name TEXT, partition_key TEXT NOT NULL,
    active BOOLEAN DEFAULT true NOT NULL, discovered_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, removed_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (instance, project_key), UNIQUE (partition_key));
CREATE TABLE jira_field_cache (
    instance TEXT NOT NULL, field_id TEXT NOT NULL, name TEXT, custom BOOLEAN, schema JSONB,
    fetched_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, PRIMARY KEY (instance, field_id));
CREATE TABLE jira_sync_state (
    partition_key TEXT NOT NULL, instance TEXT NOT NULL, project_key TEXT NOT NULL,
    watermark TIMESTAMP WITH TIME ZONE, last_sync_at TIMESTAMP WITH TIME ZONE,
    last_full_sync_at TIMESTAMP WITH TIME ZONE, last_reconciled_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (partition_key));
CREATE TABLE field_mappings (
    column_name TEXT NOT NULL, type TEXT NOT NULL, group_name TEXT NOT NULL, description TEXT NOT NULL,
    default_value JSONB, active BOOLEAN NOT NULL, sources JSONB NOT NULL, position INTEGER DEFAULT '0' NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (column_name));
CREATE TABLE field_mappings_history (
    version SERIAL NOT NULL, changed_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, actor TEXT NOT NULL,
    note TEXT NOT NULL, before JSONB NOT NULL, after JSONB NOT NULL, PRIMARY KEY (version));
ALTER TABLE jira_issues_v2 ADD COLUMN status TEXT;
ALTER TABLE jira_issues_v2 ADD COLUMN story_points DOUBLE PRECISION;
INSERT INTO jira_issues_v2 (instance, issue_id, issue_key, project_key, updated, raw, status, story_points)
SELECT 'instance_1', n, 'ENG-' || n, 'ENG', now() - n * interval '1 hour', '{"id": "1"}', 'Done', n / 2.0
FROM generate_series(1, 250) n;
INSERT INTO jira_projects (instance, project_key, partition_key, active) VALUES
    ('instance_1', 'ENG', 'instance_1:ENG', true), ('instance_1', 'OPS', 'instance_1:OPS', false);
INSERT INTO jira_sync_state (partition_key, instance, project_key, watermark) VALUES ('instance_1:ENG', 'instance_1', 'ENG', now());
INSERT INTO field_mappings (column_name, type, group_name, description, active, sources, updated_by)
VALUES ('story_points', 'number', 'planning', '', true, '{"instance_1": "customfield_10016"}', 'me');
INSERT INTO field_mappings_history (actor, note, before, after) VALUES ('me', 'seeded', '[]', '[]');
"""
V0_COLUMNS = {
    "jira_issues_v2": ("instance", "issue_id", "issue_key", "project_key", "updated", "raw", "synced_at",
                       "deleted_at", "status", "story_points"),
    "jira_projects": ("instance", "project_key", "project_id", "name", "partition_key", "active", "discovered_at",
                      "last_seen_at", "removed_at"),
    "jira_sync_state": ("partition_key", "instance", "project_key", "watermark", "last_sync_at",
                        "last_full_sync_at", "last_reconciled_at"),
    "field_mappings": ("column_name", "type", "group_name", "description", "default_value", "active", "sources",
                       "position", "updated_at", "updated_by"),
    "field_mappings_history": ("version", "changed_at", "actor", "note", "before", "after"),
}


def snapshot(engine) -> dict:
    """Every row of the v0 tables, read through the v0 columns only (later revisions add columns)."""
    with engine.connect() as conn:
        return {table: conn.execute(sa.text(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2")).all() for table, columns in V0_COLUMNS.items()}


def indexes(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'jira_issues_v2'")).scalars())


def test_fresh_warehouse_is_migrated_to_head_once(database_url, engine):
    warehouse = Warehouse(database_url)
    try:
        warehouse.create_tables()
        warehouse.create_tables()
    finally:
        warehouse.dispose()
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        assert conn.execute(sa.text(f"SELECT count(*) FROM {VERSION_TABLE}")).scalar() == 1
    assert {"ix_jira_issues_v2_project_key", "ix_jira_issues_v2_issue_key", "ix_jira_issues_v2_updated"} <= indexes(engine)
    assert raw_storage(engine) == "e"  # 0005: out of line, uncompressed


def raw_storage(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'jira_issues_v2'::regclass AND attname = 'raw'"
        )).scalar()


def test_v0_warehouse_upgrades_without_losing_rows(database_url, engine):
    with engine.begin() as conn:
        conn.execute(sa.text(V0_DDL))
    before = snapshot(engine)
    warehouse = Warehouse(database_url)
    try:
        warehouse.create_tables()
    finally:
        warehouse.dispose()
    assert snapshot(engine) == before
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    with engine.connect() as conn:  # revision 0003 made the changelog tables and their view
        assert conn.execute(sa.text("SELECT count(*) FROM jira_issue_changelog_live")).scalar() == 0
    # the migration's index, and the filter index of the mapped status column
    assert {"ix_jira_issues_v2_project_key", "ix_jira_issues_v2_status"} <= indexes(engine)
    assert raw_storage(engine) == "e"


def test_concurrent_create_tables_migrate_once(database_url, engine):
    errors = []

    def create():
        warehouse = Warehouse(database_url)
        try:
            warehouse.create_tables()
        except Exception as error:  # noqa: BLE001 — collected for the assertion
            errors.append(error)
        finally:
            warehouse.dispose()

    threads = [threading.Thread(target=create) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all() == [head_revision()]


def test_migrations_match_schema_metadata(database_url, engine):
    """Adding a table, column or index to schema.py without a revision fails here."""
    from jirasync_dagster.warehouse.migrations import upgrade

    with engine.begin() as conn:
        upgrade(conn)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "version_table": VERSION_TABLE, "compare_type": True,
            "include_object": lambda obj, name, type_, reflected, compare_to: name != VERSION_TABLE,
        })
        diffs = compare_metadata(context, [metadata, mapping_metadata])
    pending = [d for d in diffs if d[0] == "add_table" and d[1].name in PENDING_REVISION
               or d[0] == "add_index" and d[1].table.name in PENDING_REVISION]
    assert [d for d in diffs if d not in pending] == []


def test_tables_made_by_the_safety_net_are_adopted_by_their_revision(database_url, engine):
    """A warehouse at 0002 whose changelog tables create_all made (before 0003 existed) reaches head."""
    from jirasync_dagster.warehouse.migrations import upgrade

    with engine.begin() as conn:
        upgrade(conn, "0002_filter_indexes")
        metadata.create_all(conn, checkfirst=True)
        conn.execute(sa.text("INSERT INTO jira_issue_changelog_state (instance, issue_id, entries) VALUES ('i', 1, 3)"))
    warehouse = Warehouse(database_url)
    try:
        warehouse.create_tables()
    finally:
        warehouse.dispose()
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        assert conn.execute(sa.text("SELECT entries FROM jira_issue_changelog_state")).scalar() == 3
