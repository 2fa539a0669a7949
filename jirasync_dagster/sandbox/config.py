"""Specifications of sandbox instances, their injected faults and their fixed credentials."""

import re
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from types import MappingProxyType

# Fixed so that demos, tests and other processes can authenticate without configuration.
SANDBOX_CREDENTIALS = MappingProxyType(
    {
        "email": "sandbox@example.com",  # Cloud: Basic email:api_token
        "api_token": "sandbox-api-token",
        "username": "sandbox",  # Data Center: Basic username:password ...
        "password": "sandbox-password",
        "pat": "sandbox-pat",  # ... or Bearer personal access token
    }
)

# Seeded data ends here so that a seed always yields the same dataset, whatever the day.
DEFAULT_ANCHOR = datetime(2025, 6, 1, tzinfo=timezone.utc)

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


@dataclass(frozen=True)
class FaultConfig:
    """Misbehaviour injected into /rest responses of one instance (rates are probabilities)."""

    latency_ms: float = 0.0
    rate_429: float = 0.0
    retry_after: int = 1
    rate_5xx: float = 0.0
    rate_reset: float = 0.0
    rate_truncated: float = 0.0
    rate_slow: float = 0.0
    slow_seconds: float = 5.0
    near_limit: bool = False
    max_page_size: int | None = None
    proxy_answer: str | None = None  # "login_page" or "truncated_json": a proxy's HTTP 200 instead of JIRA's
    seed: int = 0

    @classmethod
    def from_dict(cls, data: dict) -> "FaultConfig":
        """Build from a JSON object, rejecting unknown keys so typos do not pass silently."""
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        return cls(**data)


@dataclass(frozen=True)
class InstanceSpec:
    """What one sandbox JIRA instance looks like; the dataset is deterministic from `seed`."""

    name: str = "instance_1"
    flavour: str = "cloud"
    issues: int = 300
    seed: int = 1
    projects: tuple[str, ...] = ("ENG", "OPS", "SUP")
    time_zone: str = "UTC"
    max_page_size: int | None = None
    long_changelog_every: int = 0  # every n-th issue gets more than 100 history entries
    many_comments_every: int = 50  # every n-th issue gets more comments (21-50) than search embeds
    # How some real sites behave, off by default:
    bulkfetch: bool = True  # False: a Cloud site from before changelog bulkfetch (404, as for any unknown resource)
    truncated_changelogs: bool = False  # Data Center search inlines at most 100 histories of an issue
    rejects_vanished_ids: bool = False  # 400 for a deleted issue's id in bulkfetch or a Data Center JQL `id` clause
    sprint_origin_board: bool = True  # False: an older Data Center whose Agile sprints lack originBoardId
    worklog_feed: bool = True  # False: a Data Center before 7.0, without /worklog/updated, /deleted and /list
    faults: FaultConfig = field(default_factory=FaultConfig)
    anchor: datetime = DEFAULT_ANCHOR

    def __post_init__(self):
        if self.flavour not in ("cloud", "datacenter"):
            raise ValueError(f"flavour must be 'cloud' or 'datacenter', not {self.flavour!r}")
        if not _NAME.match(self.name):
            raise ValueError(f"invalid instance name {self.name!r}")
        object.__setattr__(self, "projects", tuple(self.projects))

    @property
    def is_cloud(self) -> bool:
        """True for a Cloud instance, False for Data Center."""
        return self.flavour == "cloud"

    @property
    def page_cap(self) -> int:
        """The most issues one search page returns."""
        return self.max_page_size or (100 if self.is_cloud else 1000)


def default_specs(issues: int = 600, seed: int = 7, flavour: str | None = None) -> list[InstanceSpec]:
    """Two instances: a Cloud one (ENG, OPS, SUP) and a Data Center one (ENG, DATA, WEB)."""
    return [
        InstanceSpec("instance_1", flavour or "cloud", issues, seed, ("ENG", "OPS", "SUP"), "UTC"),
        # A non-UTC zone so that clients must read /myself before writing JQL dates.
        InstanceSpec(
            "instance_2", flavour or "datacenter", issues, seed + 1, ("ENG", "DATA", "WEB"),
            "America/Los_Angeles",
        ),
    ]
