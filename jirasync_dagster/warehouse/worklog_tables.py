"""Tables of worklogs: jira_worklogs, the instance's place in JIRA's worklog feeds, and worklogs awaiting their issue.

JIRA lists changed and deleted worklogs per instance (`/worklog/updated`, `/worklog/deleted`),
not per project, so their watermark is one row per instance in `jira_worklog_state`: a row of
the per-partition `jira_sync_state` would have to invent a partition for it. A worklog the
feed names whose issue is not (yet) in jira_issues_v2 keeps only its ids in
`jira_worklog_waiting` (no content of a project that is not synced is stored) and is read when
its issue arrives. `jira_worklog_issue_state` serves Data Center sites without the feeds: the
issue `updated` whose worklogs were last read through `/issue/{id}/worklog`.
"""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from jirasync_dagster.warehouse.schema import metadata

WORKLOGS, WORKLOG_STATE = "jira_worklogs", "jira_worklog_state"
WORKLOG_WAITING, WORKLOG_ISSUE_STATE = "jira_worklog_waiting", "jira_worklog_issue_state"
WORKLOG_TABLES = (WORKLOGS, WORKLOG_STATE, WORKLOG_WAITING, WORKLOG_ISSUE_STATE)
TIMESTAMP = sa.TIMESTAMP(timezone=True)

worklogs = sa.Table(
    WORKLOGS, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("worklog_id", sa.BigInteger, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, nullable=False),
    sa.Column("project_key", sa.Text, nullable=False),  # the issue's project now (kept current when it moves)
    sa.Column("author_id", sa.Text),  # Cloud accountId, Data Center user name
    sa.Column("started", TIMESTAMP),
    sa.Column("time_spent_seconds", sa.BigInteger),
    sa.Column("created", TIMESTAMP),
    sa.Column("updated", TIMESTAMP),
    sa.Column("comment_text", sa.Text),  # plain text (from ADF on Cloud); NULL when the comment did not convert
    sa.Column("raw", JSONB, nullable=False),
    sa.Column("synced_at", TIMESTAMP, nullable=False, server_default=sa.func.now()),
    sa.Column("deleted_at", TIMESTAMP),
    sa.Index("ix_jira_worklogs_issue", "instance", "issue_id"),
    sa.Index("ix_jira_worklogs_project", "instance", "project_key"),
)
worklog_state = sa.Table(
    WORKLOG_STATE, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("updated_since", sa.BigInteger),  # epoch ms: the `until` of the last /worklog/updated read
    sa.Column("deleted_since", sa.BigInteger),  # epoch ms: the `until` of the last /worklog/deleted read
    # JIRA time up to which deletions are known read: a deleted worklog moves its issue's `updated`, so the
    # deleted feed is read only while an issue row's `updated` is later than this.
    sa.Column("deletions_checked_at", TIMESTAMP),
    # When the last pass began reading (the warehouse's clock): a partition whose issues were written before
    # then had its worklogs read by that pass.
    sa.Column("pass_started_at", TIMESTAMP),
    sa.Column("synced_at", TIMESTAMP, nullable=False, server_default=sa.func.now()),
)
worklog_waiting = sa.Table(
    WORKLOG_WAITING, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("worklog_id", sa.BigInteger, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, nullable=False),
    sa.Index("ix_jira_worklog_waiting_issue", "instance", "issue_id"),
)
worklog_issue_state = sa.Table(
    WORKLOG_ISSUE_STATE, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, primary_key=True),
    sa.Column("updated", TIMESTAMP),  # the issue's `updated` when its worklogs were read
)
