"""MappingStore on a real PostgreSQL: seeding, apply, upsert, history, rollback."""

import threading

import pytest
import sqlalchemy as sa

from jirasync_dagster.mapping import (
    FieldMapping,
    FieldSource,
    MappingError,
    MappingStore,
    TransitionSource,
    default_mappings,
)

STORY_POINTS = FieldMapping(
    "story_points",
    "number",
    group="planning",
    description="Story points estimate",
    sources={"instance_1": FieldSource(("customfield_10016",)), "instance_2": FieldSource(("customfield_10202", "customfield_10026"))},
)
CLOSED_AT = FieldMapping("closed_at", "datetime", sources={"*": TransitionSource(("Done", "Closed"), "latest")})


def test_first_use_seeds_the_defaults_as_version_1(engine):
    store = MappingStore(engine)
    assert store.load_active() == default_mappings()
    history = store.history()
    assert [entry["version"] for entry in history] == [1]
    assert history[0]["before"] == [] and len(history[0]["after"]) == len(default_mappings())


def test_ensure_tables_is_idempotent(engine):
    store = MappingStore(engine)
    store.ensure_tables()
    store.ensure_tables()
    assert sa.inspect(engine).has_table("field_mappings_history")


def test_apply_replaces_the_set_and_keeps_order(engine):
    store = MappingStore(engine)
    wanted = [STORY_POINTS, CLOSED_AT, *default_mappings()[:2]]
    version = store.apply(wanted, actor="alice", note="planning columns")
    assert version == 2
    assert store.load_all() == wanted
    assert store.history()[-1]["actor"] == "alice"
    assert store.history()[-1]["note"] == "planning columns"


def test_apply_rejects_duplicate_columns_and_changes_nothing(engine):
    store = MappingStore(engine)
    with pytest.raises(MappingError, match="story_points"):
        store.apply([STORY_POINTS, STORY_POINTS], actor="alice")
    assert store.load_all() == default_mappings()
    assert len(store.history()) == 1


def test_apply_is_all_or_nothing_when_the_database_refuses(engine):
    store = MappingStore(engine)
    store.load_all()
    # A mapping whose JSON cannot be stored makes the insert fail after the delete ran.
    unstorable = FieldMapping("blob", "json", default={"bad": float("nan")})
    with pytest.raises(sa.exc.DBAPIError):
        store.apply([STORY_POINTS, unstorable], actor="alice")
    assert store.load_all() == default_mappings()
    assert len(store.history()) == 1


def test_inactive_mappings_are_stored_but_not_loaded_as_active(engine):
    store = MappingStore(engine)
    retired = FieldMapping("old_points", "number", active=False, sources={"*": FieldSource(("customfield_1",))})
    store.apply([STORY_POINTS, retired], actor="alice")
    assert store.load_active() == [STORY_POINTS]
    assert store.load_all() == [STORY_POINTS, retired]


def test_upsert_adds_then_replaces_one_column(engine):
    store = MappingStore(engine)
    store.upsert(STORY_POINTS, actor="bob")
    changed = FieldMapping("story_points", "integer", default=0, sources=STORY_POINTS.sources)
    version = store.upsert(changed, actor="bob")
    mappings = store.load_all()
    assert mappings[-1] == changed and mappings[:-1] == default_mappings()
    assert version == 3 and store.history()[-1]["note"] == "upsert story_points"


def test_rollback_restores_the_exact_set_as_a_new_version(engine):
    store = MappingStore(engine)
    first = store.apply([STORY_POINTS, CLOSED_AT], actor="alice")
    store.apply([CLOSED_AT], actor="alice")
    version = store.rollback(first, actor="carol")
    assert store.load_all() == [STORY_POINTS, CLOSED_AT]
    assert version == first + 2
    assert store.history()[-1]["note"] == f"rollback to version {first}"
    store.rollback(1, actor="carol")
    assert store.load_all() == default_mappings()


def test_rollback_to_an_unknown_version_says_how_to_list_versions(engine):
    with pytest.raises(MappingError, match="no mapping version 42.*history"):
        MappingStore(engine).rollback(42, actor="carol")


def test_typed_defaults_survive_the_database(engine):
    store = MappingStore(engine)
    dated = FieldMapping("target", "date", default="2024-01-31", sources={"*": FieldSource(("duedate",))})
    store.apply([dated], actor="alice")
    assert store.load_all() == [dated]


def test_concurrent_first_use_seeds_once(database_url):
    engines = [sa.create_engine(database_url) for _ in range(4)]
    barrier = threading.Barrier(len(engines))
    results, errors = [], []

    def first_use(engine):
        barrier.wait()
        try:
            results.append(MappingStore(engine).load_active())
        except Exception as error:  # collected so the assertion shows it
            errors.append(error)

    threads = [threading.Thread(target=first_use, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert all(result == default_mappings() for result in results) and len(results) == 4
        assert [entry["version"] for entry in MappingStore(engines[0]).history()] == [1]
    finally:
        for engine in engines:
            engine.dispose()
