"""Injected faults produce the configured responses on /rest and never on /_sandbox."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from jirasync_dagster.sandbox import FaultConfig

JQL = {"jql": "project = ENG", "fields": "summary"}


def _statuses(url, session, count):
    statuses = []
    for _ in range(count):
        try:
            statuses.append(session.get(f"{url}/rest/api/3/search/jql", params=JQL, timeout=2).status_code)
        except requests.ConnectionError:
            statuses.append("reset")
    return statuses


def test_429_and_5xx_rates(server, cloud):
    url, session = cloud
    server.instance("instance_1").set_faults(FaultConfig(rate_429=0.3, rate_5xx=0.3, retry_after=7, seed=1))
    statuses = _statuses(url, session, 100)
    assert 15 < statuses.count(429) < 45 and 15 < sum(s in (500, 502, 503) for s in statuses) < 45
    response = next(r for r in (session.get(f"{url}/rest/api/3/search/jql", params=JQL) for _ in range(50))
                    if r.status_code == 429)
    assert response.headers["Retry-After"] == "7"
    assert requests.get(f"{url}/_sandbox/stats").json()["by_status"]["429"] >= 15


def test_resets_and_truncated_bodies(server, cloud):
    url, session = cloud
    server.instance("instance_1").set_faults(FaultConfig(rate_reset=1.0))
    with pytest.raises(requests.ConnectionError):
        session.get(f"{url}/rest/api/3/myself")
    server.instance("instance_1").set_faults(FaultConfig(rate_truncated=1.0))
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.ConnectionError, ValueError)):
        session.get(f"{url}/rest/api/3/search/jql", params=JQL).json()
    # Control endpoints are never faulted.
    assert requests.get(f"{url}/_sandbox/snapshot").ok


def test_slow_responses_time_out_and_page_size_override(server, cloud):
    url, session = cloud
    requests.put(f"{url}/_sandbox/faults", json={"rate_slow": 1.0, "slow_seconds": 0.5}).raise_for_status()
    with pytest.raises(requests.Timeout):
        session.get(f"{url}/rest/api/3/myself", timeout=0.2)
    requests.put(f"{url}/_sandbox/faults", json={"max_page_size": 7, "near_limit": True}).raise_for_status()
    response = session.get(f"{url}/rest/api/3/search/jql", params={**JQL, "maxResults": 50})
    assert len(response.json()["issues"]) == 7 and response.headers["X-RateLimit-NearLimit"] == "true"
    assert requests.put(f"{url}/_sandbox/faults", json={"rate_bogus": 1}).status_code == 400


def test_latency_is_the_time_to_answer_and_concurrent_requests_share_it(server, cloud):
    url, session = cloud
    server.instance("instance_1").set_faults(FaultConfig(latency_ms=300))
    assert session.get(f"{url}/rest/api/3/search/jql", params=JQL).status_code == 200
    # Requests sent together wait out their latency together (JIRA answers them in parallel):
    # the server holds every answer, so all eight are in flight before the first one returns.
    def timed(_):
        began = time.monotonic()
        status = session.get(f"{url}/rest/api/3/myself").status_code
        return status, began, time.monotonic()

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(timed, range(8)))
    assert [status for status, _, _ in answers] == [200] * 8
    assert max(began for _, began, _ in answers) < min(ended for _, _, ended in answers)
