"""jira_sync_state.raw_fields: the JIRA fields the last sync kept in `raw`.

A mapping that reads a field outside them makes the next sync read the project again.

Revision ID: 0004_sync_state_raw_fields
Revises: 0003_issue_changelog
Create Date: 2026-11-23
"""

from alembic import op

revision = "0004_sync_state_raw_fields"
down_revision = "0003_issue_changelog"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE jira_sync_state ADD COLUMN IF NOT EXISTS raw_fields text[]")


def downgrade() -> None:
    op.execute("ALTER TABLE jira_sync_state DROP COLUMN IF EXISTS raw_fields")
