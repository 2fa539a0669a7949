"""ChangelogFetcher over real HTTP against the sandbox: paging, fallbacks and chunk limits."""

from contextlib import contextmanager

import pytest

from jirasync_dagster.jira.changelog import BULKFETCH_PAGE_ENTRIES, ChangelogFetcher
from jirasync_dagster.jira.client import JiraClient
from jirasync_dagster.jira.connection import connection_from_env
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer


@contextmanager
def site(flavour: str, issues: int = 60, **options):
    """A one-instance sandbox JIRA of `flavour` with `options` (InstanceSpec fields), and a client of it."""
    spec = InstanceSpec("instance_1", flavour, issues=issues, seed=5, **options)
    with SandboxServer([spec]) as server, JiraClient(connection_from_env(1, server.env())) as client:
        yield server.instance("instance_1"), client


def history_ids(store, issue_id: int) -> list[str]:
    """The ids of an issue's changelog entries as the sandbox holds them, oldest first."""
    return [str(entry[0]) for entry in store.histories(store.record(issue_id))]


def fetched_ids(fetched: dict) -> dict[int, list[str]]:
    """{issue id: history ids} of a fetch result."""
    return {issue_id: [h["id"] for h in histories] for issue_id, histories in fetched.items()}


def requests(store, method: str, path_part: str) -> list[tuple[str, int]]:
    """(path, status) of every request the sandbox answered with this method and path fragment."""
    return [(path, status) for _, m, path, status in store.request_log if m == method and path_part in path]


def with_history(store, count: int, *, long: bool | None = None) -> list[int]:
    """Ids of `count` issues that have a changelog (long: more than one page of 100 entries)."""
    return [r.id for r in store.records_in(None)
            if store.histories(r) and long in (None, len(store.histories(r)) > 100)][:count]


def test_cloud_bulkfetch_follows_tokens_and_joins_an_issue_split_across_pages():
    with site("cloud", issues=100, long_changelog_every=1) as (store, client):
        ids = [r.id for r in store.records_in(None)]
        ends = [sum(len(store.histories(store.record(i))) for i in ids[:n]) for n in range(1, len(ids) + 1)]
        assert BULKFETCH_PAGE_ENTRIES < ends[-1] <= 2 * BULKFETCH_PAGE_ENTRIES  # two pages ...
        assert BULKFETCH_PAGE_ENTRIES not in ends  # ... the first ending inside an issue's histories
        fetched = ChangelogFetcher(client).fetch(ids)
        assert fetched_ids(fetched) == {i: history_ids(store, i) for i in ids}
        assert requests(store, "POST", "/changelog/bulkfetch") == [("/rest/api/3/changelog/bulkfetch", 200)] * 2


def test_cloud_bulkfetch_leaves_out_an_issue_without_history():
    with site("cloud") as (store, client):
        quiet = next(r.id for r in store.records_in(None) if not store.histories(r))
        busy = with_history(store, 2)
        assert fetched_ids(ChangelogFetcher(client).fetch([quiet, *busy])) == {i: history_ids(store, i) for i in busy}


def test_cloud_without_bulkfetch_pages_each_issue_once_and_remembers():
    with site("cloud", bulkfetch=False, long_changelog_every=7) as (store, client):
        long_issue = with_history(store, 1, long=True)[0]
        pages = -(-len(history_ids(store, long_issue)) // 100)
        deleted = with_history(store, 1, long=False)[0]
        store.delete_issue(deleted)
        fetcher = ChangelogFetcher(client)
        assert fetched_ids(fetcher.fetch([long_issue, deleted])) == {long_issue: history_ids(store, long_issue)}
        fetcher.fetch([long_issue])
        assert requests(store, "POST", "/changelog/bulkfetch") == [("/rest/api/3/changelog/bulkfetch", 404)]
        assert requests(store, "GET", f"/issue/{deleted}/changelog") == [(f"/rest/api/3/issue/{deleted}/changelog", 404)]
        assert [status for _, status in requests(store, "GET", f"/issue/{long_issue}/changelog")] == [200] * 2 * pages


def test_cloud_bulkfetch_refused_for_a_vanished_id_is_split_around_it():
    with site("cloud", rejects_vanished_ids=True) as (store, client):
        ids = with_history(store, 6)
        store.delete_issue(ids[4])
        fetcher = ChangelogFetcher(client)
        live = ids[:4] + ids[5:]
        assert fetched_ids(fetcher.fetch(ids)) == {i: history_ids(store, i) for i in live}
        assert requests(store, "GET", f"/issue/{ids[4]}/changelog") == [(f"/rest/api/3/issue/{ids[4]}/changelog", 404)]
        store.clear_request_log()
        fetcher.fetch(live)  # bulkfetch is still in use: the refusal was the id's, not the endpoint's
        assert requests(store, "POST", "/changelog/bulkfetch") == [("/rest/api/3/changelog/bulkfetch", 200)]


def test_datacenter_searches_id_batches_and_rereads_a_truncated_changelog():
    with site("datacenter", truncated_changelogs=True, long_changelog_every=7) as (store, client):
        long_issue = with_history(store, 1, long=True)[0]
        ids = [*with_history(store, 2, long=False), long_issue]
        fetched = ChangelogFetcher(client, datacenter_batch=2).fetch(ids)
        assert fetched_ids(fetched) == {i: history_ids(store, i) for i in ids}
        assert requests(store, "POST", "/search") == [("/rest/api/2/search", 200)] * 2
        assert requests(store, "GET", "/issue/") == [(f"/rest/api/2/issue/{long_issue}", 200)]


def test_datacenter_reads_issues_one_by_one_when_jql_rejects_a_vanished_id():
    with site("datacenter", rejects_vanished_ids=True) as (store, client):
        ids = with_history(store, 3)
        store.delete_issue(ids[1])
        fetched = ChangelogFetcher(client).fetch(ids)
        assert fetched_ids(fetched) == {i: history_ids(store, i) for i in (ids[0], ids[2])}
        assert requests(store, "POST", "/search") == [("/rest/api/2/search", 400)]
        assert sorted(requests(store, "GET", "/issue/")) == sorted(
            (f"/rest/api/2/issue/{i}", 404 if i == ids[1] else 200) for i in ids)


def test_chunks_are_at_most_1000_issues():
    with site("cloud", issues=1) as (store, client):
        fetcher = ChangelogFetcher(client)
        assert [len(c) for c in fetcher.chunks(range(2500))] == [1000, 1000, 500]
        with pytest.raises(ValueError):
            fetcher.fetch(range(1001))
        with pytest.raises(ValueError):
            ChangelogFetcher(client, chunk_size=2000)
        assert requests(store, "POST", "/changelog/bulkfetch") == []


def test_cloud_bulkfetch_reads_only_what_the_warehouse_stores():
    with site("cloud") as (store, client):
        issue_id = with_history(store, 1)[0]
        served = client.transport.post("/rest/api/3/changelog/bulkfetch", {"issueIdsOrKeys": [str(issue_id)]})
        author = served["issueChangeLogs"][0]["changeHistories"][0]["author"]
        assert {"avatarUrls", "timeZone", "emailAddress"} <= set(author)  # what JIRA sends beyond what is kept
        for history in ChangelogFetcher(client).fetch([issue_id])[issue_id]:
            assert set(history) == {"id", "created", "author", "items"}
            assert set(history["author"]) == {"accountId", "displayName"}
