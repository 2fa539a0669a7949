"""ChangelogFetcher against scripted JIRA answers: paging, fallbacks and chunk limits."""

import orjson
import pytest

from jirasync_dagster.jira.changelog import ChangelogFetcher
from jirasync_dagster.jira.errors import JiraBadRequestError, JiraNotFoundError
from jirasync_dagster.jira.stats import RequestStats


def h(history_id: int) -> dict:
    return {"id": str(history_id), "created": "2025-01-01T10:00:00.000+0000",
            "items": [{"field": "status", "toString": "Done"}]}


class ScriptedTransport:
    """Answers requests from a function of (method, path, params or body); records them."""

    def __init__(self, answer):
        self.answer, self.calls, self.stats = answer, [], RequestStats()

    def get(self, path, params=None):
        return self._call("GET", path, params)

    def post(self, path, body, decode=None):
        answer = self._call("POST", path, body)
        # A scripted answer goes through the decoder the real one would, as JSON text.
        return decode(orjson.dumps(answer)) if decode else answer

    def _call(self, method, path, payload):
        self.calls.append((method, path, payload))
        self.stats.add(api_calls=1)
        result = self.answer(method, path, payload or {})
        if isinstance(result, Exception):
            raise result
        return result


class Client:
    def __init__(self, flavour, answer):
        self.flavour, self.name, self.transport = flavour, "instance_1", ScriptedTransport(answer)
        self.stats = self.transport.stats


def test_cloud_bulkfetch_follows_tokens_and_joins_an_issue_split_across_pages():
    pages = {None: {"issueChangeLogs": [{"issueId": "1", "changeHistories": [h(1), h(2)]}], "nextPageToken": "t1"},
             "t1": {"issueChangeLogs": [{"issueId": "1", "changeHistories": [h(3)]},
                                        {"issueId": "2", "changeHistories": [h(4)]}]}}
    client = Client("cloud", lambda method, path, body: pages[body.get("nextPageToken")])
    result = ChangelogFetcher(client).fetch([1, 2, 3])
    assert {k: [x["id"] for x in v] for k, v in result.items()} == {1: ["1", "2", "3"], 2: ["4"]}
    assert [c[1] for c in client.transport.calls] == ["/rest/api/3/changelog/bulkfetch"] * 2
    assert client.transport.calls[0][2]["issueIdsOrKeys"] == ["1", "2", "3"]


def test_cloud_without_bulkfetch_pages_each_issue_once_and_remembers():
    def answer(method, path, params):
        if path.endswith("/bulkfetch"):
            return JiraNotFoundError("instance_1", "no such endpoint", status=404)
        if path == "/rest/api/3/issue/7/changelog":
            start = params["startAt"]
            values = [h(i) for i in range(start, min(start + 100, 150))]
            return {"values": values, "isLast": start + 100 >= 150}
        return JiraNotFoundError("instance_1", "deleted", status=404)

    client = Client("cloud", answer)
    fetcher = ChangelogFetcher(client)
    assert [len(v) for v in fetcher.fetch([7, 8]).values()] == [150]
    fetcher.fetch([7])
    assert sum(path.endswith("/bulkfetch") for _, path, _ in client.transport.calls) == 1


def test_datacenter_searches_id_batches_and_rereads_a_truncated_changelog():
    def answer(method, path, body):
        if path == "/rest/api/2/search":
            assert body["expand"] == ["changelog"]
            return {"total": 2, "issues": [
                {"id": "1", "changelog": {"total": 1, "histories": [h(1)]}},
                {"id": "2", "changelog": {"total": 3, "histories": [h(6)]}},
            ]}
        assert path == "/rest/api/2/issue/2"
        return {"id": "2", "changelog": {"total": 3, "histories": [h(4), h(5), h(6)]}}

    client = Client("datacenter", answer)
    result = ChangelogFetcher(client).fetch([1, 2])
    assert {k: len(v) for k, v in result.items()} == {1: 1, 2: 3}


def test_datacenter_reads_issues_one_by_one_when_jql_rejects_a_vanished_id():
    def answer(method, path, body):
        if path == "/rest/api/2/search":
            return JiraBadRequestError("instance_1", "An issue with key '9' does not exist", status=400)
        if path.endswith("/9"):
            return JiraNotFoundError("instance_1", "gone", status=404)
        return {"id": path.rsplit("/", 1)[1], "changelog": {"total": 1, "histories": [h(1)]}}

    result = ChangelogFetcher(Client("datacenter", answer)).fetch([1, 9])
    assert list(result) == [1]


def test_chunks_are_at_most_1000_issues():
    fetcher = ChangelogFetcher(Client("cloud", None))
    assert [len(c) for c in fetcher.chunks(range(2500))] == [1000, 1000, 500]
    with pytest.raises(ValueError):
        fetcher.fetch(range(1001))
    with pytest.raises(ValueError):
        ChangelogFetcher(Client("cloud", None), chunk_size=2000)


def test_cloud_bulkfetch_reads_only_what_the_warehouse_stores():
    history = {**h(1), "author": {"accountId": "a1", "displayName": "Ada", "avatarUrls": {"48x48": "http://x"},
                                  "timeZone": "UTC"}}
    answer = {"issueChangeLogs": [{"issueId": "5", "changeHistories": [history]}]}
    fetcher = ChangelogFetcher(Client("cloud", lambda method, path, body: answer))
    assert fetcher.fetch([5]) == {5: [{**h(1), "author": {"accountId": "a1", "displayName": "Ada"}}]}
