"""Access to the real recorded JIRA responses, copied from shared/fixtures into jirasync_dagster_tests/fixtures/."""

import json
from functools import cache
from pathlib import Path

# A copy inside the repository, so a fresh clone tests on its own (licences: fixtures/jira/README.md).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@cache
def _load(relative_path: str) -> dict:
    return json.loads((FIXTURES / "jira" / relative_path).read_text())


def recorded_issue(relative_path: str, key: str | None = None) -> dict:
    """One issue of a recorded response: a single-issue response, or the issue with `key`."""
    document = _load(relative_path)
    if "issues" not in document:
        return document
    issues = document["issues"]
    return issues[0] if key is None else next(issue for issue in issues if issue["key"] == key)


def recorded_issues() -> list[dict]:
    """Every recorded issue that came from a search or get-issue call."""
    issues = []
    for path in (
        "airbyte-source-jira/issues.json",
        "demisto-jirav3/get_issue_query_test.raw_response.json",
        "demisto-jirav3/get_sprint_issues_test.raw_response.json",
        "jira-cli/search.json",
    ):
        issues.extend(_load(path)["issues"])
    issues.append(_load("demisto-jirav3/get_issue_test.raw_response.json"))
    issues.append(_load("demisto-jirav3/get_specific_field_test.raw_response.json"))
    return issues
