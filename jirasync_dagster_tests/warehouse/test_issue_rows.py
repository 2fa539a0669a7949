"""Merging issue rows into jira_issues_v2 on a real Postgres."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from jirasync_dagster.warehouse import (
    EncodedRows,
    RowLayout,
    Warehouse,
    add_missing_columns,
    merge_rows,
)
from jirasync_dagster.warehouse.columns import ColumnTypeConflict
from jirasync_dagster.warehouse.warehouse import STAGE_BUFFERS

T0 = datetime(2024, 3, 5, 10, 0, tzinfo=timezone.utc)
LAYOUT = RowLayout((("summary", "string"), ("labels", "string_array"), ("extra", "json"), ("points", "number")))


@pytest.fixture
def warehouse(database_url):
    warehouse = Warehouse(database_url)
    warehouse.create_tables()
    with warehouse.engine.begin() as conn:
        add_missing_columns(conn, {
            "summary": sa.Text(), "labels": sa.ARRAY(sa.Text()),
            "extra": sa.dialects.postgresql.JSONB(), "points": sa.Double(),
        })
    yield warehouse
    warehouse.dispose()


def row(issue_id, key, updated, summary="s", project="ENG", labels=("a",), extra=None, points=1.5):
    raw = {"id": str(issue_id), "key": key, "fields": {"summary": summary}}
    return ("instance_1", issue_id, key, project, updated, raw, summary, list(labels), extra, points)


def merge(warehouse, rows, **kw):
    with warehouse.engine.begin() as conn:
        return merge_rows(conn, LAYOUT, rows, **kw)


def test_insert_then_skip_unchanged_then_update(warehouse):
    counts = merge(warehouse, [row(1, "ENG-1", T0), row(2, "ENG-2", T0)])
    assert (counts.inserted, counts.updated, counts.unchanged) == (2, 0, 0)
    counts = merge(warehouse, [row(1, "ENG-1", T0), row(2, "ENG-2", T0 + timedelta(seconds=1), summary="new")])
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 1, 1)
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT summary FROM jira_issues_v2 WHERE issue_id = 2")).scalar() == "new"


def test_awkward_values_survive_copy(warehouse):
    nasty = 'tab\there\nnew line \\ back "quote" \r ünïcode'
    merge(warehouse, [row(7, "ENG-7", T0, summary=nasty, labels=(nasty, "b,c", "{x}"), extra=[1, {"k": nasty}])])
    with warehouse.engine.connect() as conn:
        summary, labels, extra, raw = conn.execute(
            sa.text("SELECT summary, labels, extra, raw FROM jira_issues_v2 WHERE issue_id = 7")).one()
    assert summary == nasty
    assert labels == [nasty, "b,c", "{x}"]
    assert extra == [1, {"k": nasty}]
    assert raw["fields"]["summary"] == nasty


def test_nulls_and_empty_strings_are_distinct(warehouse):
    merge(warehouse, [row(8, "ENG-8", None, summary="", labels=(), points=None)])
    with warehouse.engine.connect() as conn:
        summary, labels, points, updated = conn.execute(
            sa.text("SELECT summary, labels, points, updated FROM jira_issues_v2 WHERE issue_id = 8")).one()
    assert summary == "" and labels == [] and points is None and updated is None


def test_move_keeps_one_row_and_is_counted(warehouse):
    merge(warehouse, [row(3, "ENG-3", T0)])
    counts = merge(warehouse, [row(3, "OPS-1", T0 + timedelta(minutes=1), project="OPS")])
    assert counts.moved == 1 and counts.updated == 1
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT issue_key, project_key FROM jira_issues_v2")).all() == [("OPS-1", "OPS")]


def test_duplicate_issue_in_one_batch_keeps_the_last(warehouse):
    counts = merge(warehouse, [row(4, "ENG-4", T0, summary="old"), row(4, "ENG-4", T0, summary="last")])
    assert counts.inserted == 1
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT summary FROM jira_issues_v2")).scalar() == "last"


def test_type_change_is_refused_with_the_migrate_command(warehouse):
    with pytest.raises(ColumnTypeConflict, match="jirasync fields migrate summary"):
        with warehouse.engine.begin() as conn:
            add_missing_columns(conn, {"summary": sa.BigInteger()})


def test_unsafe_column_names_are_quoted_not_spliced(warehouse):
    name = 'x"; drop table jira_issues_v2; --'
    with warehouse.engine.begin() as conn:
        add_missing_columns(conn, {name: sa.Text()})
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2")).scalar() == 0


def test_missing_json_value_is_sql_null(warehouse):
    merge(warehouse, [row(9, "ENG-9", T0, extra=None)])
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT extra IS NULL FROM jira_issues_v2 WHERE issue_id = 9")).scalar()


def test_issue_larger_than_a_page_is_stored_whole(warehouse):
    """The stage keeps rows up to 8 KB inline; a 60 KB issue is toasted there and still lands whole."""
    long_text = "ü" * 30_000  # 60 KB of UTF-8
    merge(warehouse, [row(9, "ENG-9", T0, summary=long_text), row(10, "ENG-10", T0)])
    with warehouse.engine.connect() as conn:
        summary, raw_summary, storage = conn.execute(sa.text(
            "SELECT summary, raw->'fields'->>'summary', (SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'jira_issues_v2'::regclass AND attname = 'raw') FROM jira_issues_v2 WHERE issue_id = 9"
        )).one()
    assert summary == raw_summary == long_text
    assert storage == "e"


def test_array_literal_binds_as_one_parameter(warehouse):
    from jirasync_dagster.warehouse.copy_format import array_literal

    texts = ['plain', 'with "quotes"', "back\\slash", "comma, {brace}", None, ""]
    stamps = [T0, None, T0 + timedelta(microseconds=1)]
    with warehouse.engine.connect() as conn:
        got_texts, got_stamps, got_ids = conn.execute(sa.text(
            "SELECT CAST(:t AS text[]), CAST(:s AS timestamptz[]), CAST(:i AS bigint[])"
        ), {"t": array_literal(texts), "s": array_literal(stamps), "i": array_literal([1, 2**40])}).one()
    assert (got_texts, got_stamps, got_ids) == (texts, stamps, [1, 2**40])


def test_raw_json_as_sent_keeps_its_whitespace_out_of_copy(warehouse):
    """A server may send JSON with newlines and tabs between tokens; it is stored as that JSON."""
    sent = b'{\n\t"id": "11",\r\n "key": "ENG-11", "fields": {"summary": "a\\tb\\\\c"}}\n'
    merge(warehouse, [("instance_1", 11, "ENG-11", "ENG", T0, sent, "s", ["a"], None, 1.0)])
    with warehouse.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT raw FROM jira_issues_v2 WHERE issue_id = 11")).scalar()
    assert raw == {"id": "11", "key": "ENG-11", "fields": {"summary": "a\tb\\c"}}


def test_encoded_rows_keep_the_last_row_of_an_issue_seen_twice():
    rows = EncodedRows([1, 2, 1], [b"first", b"two", b"last"])
    assert rows.last_per_issue() == EncodedRows([1, 2], [b"last", b"two"])
    assert rows.last_per_issue().payload() == b"last\ntwo\n"
    unique = EncodedRows([1, 2], [b"a", b"b"])
    assert unique.last_per_issue() is unique


def test_merge_sessions_hold_a_whole_staged_batch_in_memory(warehouse):
    # The stage of a 2,000-issue batch is 12-16 MB; with Postgres's default 8 MB it spills to disk.
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SHOW temp_buffers")).scalar() == STAGE_BUFFERS
