"""Errors the JIRA client raises: each names the instance, what failed and what to check."""


class JiraError(Exception):
    """A JIRA request failed in a way the caller should report, not retry."""

    def __init__(self, instance: str, message: str, *, status: int | None = None):
        super().__init__(f"{instance}: {message}")
        self.instance = instance
        self.status = status


class JiraAuthError(JiraError):
    """JIRA rejected the credentials (401)."""


class JiraPermissionError(JiraError):
    """The account may not see what was asked for (403)."""


class JiraNotFoundError(JiraError):
    """The project, issue or endpoint does not exist (404)."""


class JiraBadRequestError(JiraError):
    """JIRA refused the request, usually the JQL (400)."""


class JiraGoneError(JiraError):
    """The endpoint was removed by Atlassian (410)."""


class JiraUnavailableError(JiraError):
    """JIRA stayed unreachable, throttled or failing after every retry."""


class JiraMalformedResponseError(JiraError):
    """JIRA answered with a body that is not the JSON the request expects."""
