"""How to reach one JIRA instance, read from the JIRA_*_<n> environment contract."""

import os
import re
from dataclasses import dataclass, field
from typing import Literal, Mapping

INSTANCE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
PROJECT_KEY = re.compile(r"^[A-Z][A-Z0-9_]*$")
Flavour = Literal["cloud", "datacenter"]
# What JIRA_SKIP_<n> may switch off: entities the sync mirrors beside the issues themselves.
SKIPPABLE = ("comments", "links", "versions", "components", "sprints", "worklogs", "users")


class ConfigurationError(ValueError):
    """The environment describes an instance that cannot be used as written."""


@dataclass(frozen=True)
class JiraConnection:
    """Where instance `name` lives and how to sign in; secrets never show in repr."""

    name: str
    url: str
    number: int = 1
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    projects: tuple[str, ...] | None = None
    api: Flavour | None = None
    skip: tuple[str, ...] = ()  # entities not mirrored for this instance (JIRA_SKIP_<n>)

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret strings to scrub from any text that leaves the client."""
        return tuple(s for s in (self.password, self.token) if s)

    @property
    def credential_variables(self) -> str:
        """The environment variables a user should check when sign-in fails."""
        n = self.number
        if self.token:
            return f"JIRA_TOKEN_{n}"
        return f"JIRA_USERNAME_{n} and JIRA_PASSWORD_{n}"


def connection_from_env(number: int, env: Mapping[str, str] | None = None) -> JiraConnection:
    """Build instance `number`'s connection from JIRA_URL_<n> and its sibling variables."""
    env = os.environ if env is None else env

    def get(name: str) -> str | None:
        value = env.get(f"{name}_{number}", "").strip()
        return value or None

    url = get("JIRA_URL")
    if not url:
        raise ConfigurationError(f"JIRA_URL_{number} is not set")
    name = get("JIRA_NAME") or f"instance_{number}"
    if not INSTANCE_NAME.match(name):
        raise ConfigurationError(
            f"JIRA_NAME_{number}={name!r} is not a valid instance name: use lower-case letters, "
            "digits and underscores, starting with a letter, at most 31 characters"
        )
    api = get("JIRA_API")
    if api not in (None, "cloud", "datacenter"):
        raise ConfigurationError(f"JIRA_API_{number}={api!r}: use 'cloud' or 'datacenter', or leave it unset")
    projects = None
    if get("JIRA_PROJECTS"):
        projects = tuple(p.strip().upper() for p in get("JIRA_PROJECTS").split(",") if p.strip())
        bad = [p for p in projects if not PROJECT_KEY.match(p)]
        if bad:
            raise ConfigurationError(f"JIRA_PROJECTS_{number} holds invalid project keys: {', '.join(bad)}")
    skip = skipped_entities(get("JIRA_SKIP"), number)
    username, password, token = get("JIRA_USERNAME"), get("JIRA_PASSWORD"), get("JIRA_TOKEN")
    if not token and not (username and password):
        raise ConfigurationError(
            f"instance {name} ({url}) has no credentials: set JIRA_USERNAME_{number} and "
            f"JIRA_PASSWORD_{number} (Cloud: email and API token), or JIRA_TOKEN_{number} "
            "(Data Center personal access token)"
        )
    return JiraConnection(
        name=name, url=url.rstrip("/"), number=number, username=username, password=password,
        token=token, projects=projects, api=api, skip=skip,
    )


def skipped_entities(text: str | None, number: int) -> tuple[str, ...]:
    """The entities a JIRA_SKIP_<n> value leaves out (comma-separated), refusing names that are none."""
    skip = tuple(s.strip().lower() for s in (text or "").split(",") if s.strip())
    if set(skip) - set(SKIPPABLE):
        raise ConfigurationError(f"JIRA_SKIP_{number}={text!r}: it lists entities to leave out, "
                                 f"among {', '.join(SKIPPABLE)}")
    return skip


def instance_numbers(env: Mapping[str, str] | None = None) -> list[int]:
    """The n of every JIRA_URL_<n> that is set, in order."""
    env = os.environ if env is None else env
    found = (re.fullmatch(r"JIRA_URL_(\d+)", key) for key, value in env.items() if value.strip())
    return sorted(int(m.group(1)) for m in found if m)


def connections_from_env(env: Mapping[str, str] | None = None) -> list[JiraConnection]:
    """Every configured instance; instance names must be unique."""
    connections = [connection_from_env(n, env) for n in instance_numbers(env)]
    names = [c.name for c in connections]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigurationError(f"instance names are used twice: {', '.join(duplicates)}; set distinct JIRA_NAME_<n>")
    return connections
