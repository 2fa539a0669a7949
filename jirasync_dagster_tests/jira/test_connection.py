"""The JIRA_*_<n> environment contract."""

import pytest

from jirasync_dagster.jira import ConfigurationError, connections_from_env


def test_instances_are_numbered_and_named():
    env = {
        "JIRA_URL_1": "https://a.atlassian.net/", "JIRA_USERNAME_1": "me@a.com", "JIRA_PASSWORD_1": "tok",
        "JIRA_URL_2": "https://jira.b", "JIRA_TOKEN_2": "pat", "JIRA_NAME_2": "onprem",
        "JIRA_PROJECTS_2": "eng, OPS", "JIRA_API_2": "datacenter",
    }
    first, second = connections_from_env(env)
    assert (first.name, first.url, first.api) == ("instance_1", "https://a.atlassian.net", None)
    assert (second.name, second.projects, second.api, second.token) == ("onprem", ("ENG", "OPS"), "datacenter", "pat")


def test_secrets_do_not_show_in_repr():
    (conn,) = connections_from_env({"JIRA_URL_1": "https://x", "JIRA_USERNAME_1": "u", "JIRA_PASSWORD_1": "s3cret-value"})
    assert "s3cret-value" not in repr(conn)


@pytest.mark.parametrize("env, message", [
    ({"JIRA_URL_1": "https://x"}, "has no credentials: set JIRA_USERNAME_1 and JIRA_PASSWORD_1"),
    ({"JIRA_URL_1": "https://x", "JIRA_TOKEN_1": "t", "JIRA_NAME_1": "Bad-Name"}, "JIRA_NAME_1='Bad-Name' is not a valid instance name"),
    ({"JIRA_URL_1": "https://x", "JIRA_TOKEN_1": "t", "JIRA_API_1": "server"}, "use 'cloud' or 'datacenter'"),
    ({"JIRA_URL_1": "https://x", "JIRA_TOKEN_1": "t", "JIRA_PROJECTS_1": "ENG,a-b"}, "invalid project keys: A-B"),
    ({"JIRA_URL_1": "https://x", "JIRA_TOKEN_1": "t", "JIRA_URL_2": "https://y", "JIRA_TOKEN_2": "t",
      "JIRA_NAME_2": "instance_1"}, "instance names are used twice: instance_1"),
])
def test_bad_configuration_names_the_variable(env, message):
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        connections_from_env(env)
