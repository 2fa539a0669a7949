"""What one partition sync did, in numbers for the run's metadata and log."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


EXTRA_COUNTS = ("comments_written", "comments_deleted", "comments_fetched", "comment_api_calls",
                "comment_body_failures", "links_written", "links_deleted")
# Project parts: requests per entity, and rows per table (inserted, changed or deleted).
PART_REQUESTS = ("versions", "components", "boards", "sprints")
PART_ROWS = (*PART_REQUESTS, "sprint_issues")
# Worklogs: requests per endpoint (jira/worklogs.py), and rows.
WORKLOG_REQUESTS = ("worklog_updated", "worklog_deleted", "worklog_list", "worklog_issue")
WORKLOG_COUNTS = ("worklogs_written", "worklogs_deleted", "worklogs_waiting", "worklog_comment_failures")
USER_COUNTS = ("user_requests", "users_written")


@dataclass
class SyncReport:
    """Counts, costs and the watermark movement of one partition sync."""

    partition_key: str
    mode: str = "incremental"
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    deleted: int = 0
    pages: int = 0
    slices: int = 1  # id ranges paged side by side (more when JIRA answers slowly)
    conversion_failures: Counter = field(default_factory=Counter)
    reconciled: bool = False
    jira_count: int | None = None  # issues JIRA listed for the whole project during this sync (reconciliation)
    watermark_before: datetime | None = None
    watermark_after: datetime | None = None
    seconds: float = 0.0
    api: dict = field(default_factory=dict)
    changelog_entries: int = 0  # changelog items stored (complete changelogs of changed issues)
    changelog_api_calls: int = 0  # JIRA requests the changelog step made
    comments_written: int = 0  # jira_issue_comments rows inserted or changed
    comments_deleted: int = 0  # comments soft-deleted: gone from their issue, or their issue deleted
    comments_fetched: int = 0  # comments paged from /comment (past those search embedded)
    comment_api_calls: int = 0  # /comment requests (only for changed issues with more comments than embedded)
    comment_body_failures: int = 0  # comment bodies that gave no text (kept raw, body_text NULL)
    links_written: int = 0  # jira_issue_links rows inserted or changed (they cost no request)
    links_deleted: int = 0  # link rows removed: the link is gone, or an issue of it deleted
    part_requests: Counter = field(default_factory=Counter)  # project-part requests per PART_REQUESTS entity
    part_rows: Counter = field(default_factory=Counter)  # project-part rows written per PART_ROWS table
    sprint_values_unparsed: int = 0  # Sprint field elements naming no sprint (the issue's raw keeps them)
    worklog_requests: Counter = field(default_factory=Counter)  # worklog requests per WORKLOG_REQUESTS endpoint
    worklogs_written: int = 0  # jira_worklogs rows inserted or changed (a moved issue's re-keyed too)
    worklogs_deleted: int = 0  # worklogs soft-deleted: listed deleted, gone from their issue, or their issue gone
    worklogs_waiting: int = 0  # worklogs read whose issue has no row yet (kept as ids until it has)
    worklog_comment_failures: int = 0  # worklog comments that gave no text (kept raw, comment_text NULL)
    user_requests: int = 0  # /user/bulk (Cloud) or /user (Data Center) requests for unseen or stale users
    users_written: int = 0  # jira_users rows new or changed

    def add(self, counts) -> None:
        """Add one merge's counts (inserted, updated, unchanged, moved)."""
        self.inserted += counts.inserted
        self.updated += counts.updated
        self.unchanged += counts.unchanged
        self.moved += counts.moved

    @property
    def issues_per_second(self) -> float:
        """Issues fetched per wall-clock second."""
        return round(self.fetched / self.seconds, 1) if self.seconds else 0.0

    def as_metadata(self) -> dict:
        """Flat numbers and strings, ready to become materialization metadata."""
        return {
            "mode": self.mode,
            "issues_fetched": self.fetched,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "moved": self.moved,
            "deleted": self.deleted,
            "pages": self.pages,
            "slices": self.slices,
            "conversion_failures": sum(self.conversion_failures.values()),
            "conversion_failures_by_column": dict(self.conversion_failures),
            "reconciled": self.reconciled,
            "watermark_before": self.watermark_before.isoformat() if self.watermark_before else "none",
            "watermark_after": self.watermark_after.isoformat() if self.watermark_after else "none",
            "seconds": round(self.seconds, 3),
            "issues_per_second": self.issues_per_second,
            "changelog_entries": self.changelog_entries,
            "changelog_api_calls": self.changelog_api_calls,
            **{name: getattr(self, name) for name in EXTRA_COUNTS},
            **{f"{name}_requests": self.part_requests[name] for name in PART_REQUESTS},
            **{f"{name}_rows": self.part_rows[name] for name in PART_ROWS},
            "sprint_values_unparsed": self.sprint_values_unparsed,
            **{f"{name}_requests": self.worklog_requests[name] for name in WORKLOG_REQUESTS},
            **{name: getattr(self, name) for name in (*WORKLOG_COUNTS, *USER_COUNTS)},
            **self.api,
        }
