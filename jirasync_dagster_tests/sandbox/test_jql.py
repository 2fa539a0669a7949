"""JQL parsing and evaluation against in-memory records, without HTTP."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from jirasync_dagster.sandbox.jql import JqlError, compile_query, parse

AUCKLAND = ZoneInfo("Pacific/Auckland")


class Env:
    """A JqlEnvironment over two projects, one hidden."""

    tz = AUCKLAND

    def now_ms(self):
        return 1_700_000_000_000

    def project_key(self, value):
        return {"ENG": "ENG", "OPS": "OPS"}.get(value.upper())

    def key_exists(self, project, number):
        return project in ("ENG", "OPS") and number <= 10

    def refuses_id(self, issue_id):
        return issue_id == 10099  # deleted, on a site that validates ids

    def status_index(self, value):
        return {"to do": 0, "done": 4}.get(value.lower())

    def type_index(self, value):
        return {"bug": 1}.get(value.lower())


def issue(project, num, updated, status=0):
    """A record-like object with the attributes JQL reads."""
    return SimpleNamespace(project=project, num=num, sort_key=(project, num), id=10000 + num, updated=updated,
                           created=updated, status_i=status, type_i=1)


def matches(jql, records):
    compiled = compile_query(parse(jql), Env())
    return [r.sort_key for r in records if compiled.predicate(r)]


def ms(*args):
    return int(datetime(*args, tzinfo=AUCKLAND).timestamp() * 1000)


def test_quoted_dates_are_minutes_in_the_users_zone_and_numbers_are_epoch_ms():
    minute = ms(2024, 3, 5, 10, 11)
    records = [issue("ENG", 1, minute - 1), issue("ENG", 2, minute), issue("ENG", 3, minute + 59_999)]
    assert matches('updated >= "2024/03/05 10:11"', records) == [("ENG", 2), ("ENG", 3)]
    assert matches('updated >= "2024-03-05 10:11"', records) == [("ENG", 2), ("ENG", 3)]
    assert matches(f"updated >= {minute}", records) == [("ENG", 2), ("ENG", 3)]
    assert matches(f"updated > {minute}", records) == [("ENG", 3)]
    assert matches('updated < "2024/03/06"', records) == [("ENG", 1), ("ENG", 2), ("ENG", 3)]
    # Auckland is UTC+13 in March: the same literal is a different instant than in UTC.
    assert ms(2024, 3, 5, 10, 11) == int(datetime(2024, 3, 4, 21, 11, tzinfo=ZoneInfo("UTC")).timestamp() * 1000)


def test_and_or_not_parentheses_and_in_lists():
    records = [issue("ENG", 1, 0, status=4), issue("ENG", 2, 0), issue("OPS", 3, 0, status=4)]
    assert matches("project = ENG AND status = Done", records) == [("ENG", 1)]
    assert matches("project = OPS OR status = 'To Do'", records) == [("ENG", 2), ("OPS", 3)]
    assert matches("(project = OPS OR key = ENG-2) AND NOT status = Done", records) == [("ENG", 2)]
    assert matches("project in (ENG, OPS) and status not in (Done)", records) == [("ENG", 2)]
    assert matches("key > ENG-1 ORDER BY key DESC", records) == [("ENG", 2), ("OPS", 3)]
    assert matches("id in (10001, 10003)", records) == [("ENG", 1), ("OPS", 3)]
    assert matches("", records) == [("ENG", 1), ("ENG", 2), ("OPS", 3)]


def test_project_prefilter_narrows_to_projects():
    assert compile_query(parse("project = ENG AND updated > 0"), Env()).projects == {"ENG"}
    assert compile_query(parse("project = ENG OR updated > 0"), Env()).projects is None
    assert compile_query(parse("project in (ENG, OPS) ORDER BY id"), Env()).order == (("id", False),)


@pytest.mark.parametrize(
    "jql, message",
    [
        ("project = ", "Expecting a value but got end of query"),
        ("project = ENG AND", "Expecting a field name"),
        ("project = ENG ENG", "Expecting either 'OR' or 'AND'"),
        ('summary ~ "x', "has not been completed"),
        ("project = NOPE", "does not exist for the field 'project'"),
        ("status = Sleeping", "does not exist for the field 'status'"),
        ("key = ENG-99", "An issue with key 'ENG-99' does not exist"),
        ("id in (10001, 10099)", "An issue with key '10099' does not exist for field 'id'"),
        ('updated > "yesterday"', "Date value 'yesterday' for field 'updated' is invalid"),
        ("colour = red", "Field 'colour' does not exist"),
        ("project = ENG ORDER BY colour", "Not able to sort using field 'colour'"),
        ("project < ENG", "not supported"),
        ("(project = ENG", "Expecting ')'"),
    ],
)
def test_errors_name_the_problem(jql, message):
    with pytest.raises(JqlError, match=message.replace("(", r"\(").replace(")", r"\)")):
        compile_query(parse(jql), Env())
