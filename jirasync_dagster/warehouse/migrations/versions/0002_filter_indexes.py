"""Indexes for common filters: project_key on its own (without instance), with updated.

`issue_key` and `updated` have had indexes since the baseline; `status` is a mapped column,
indexed by `schema.ensure_filter_indexes` once schema sync has added it.

Revision ID: 0002_filter_indexes
Revises: 0001_baseline
Create Date: 2025-06-01
"""

from alembic import op

revision = "0002_filter_indexes"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_jira_issues_v2_project_key", "jira_issues_v2", ["project_key", "updated"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_jira_issues_v2_project_key", "jira_issues_v2", if_exists=True)
