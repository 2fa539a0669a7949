"""jira_sync_state.last_checked_at: when automation last confirmed the project had nothing new in JIRA.

Runs are requested only for projects that changed, so a quiet project's last sync grows old
while its rows stay exact; this moment is what its freshness is judged by.

Revision ID: 0006_sync_state_last_checked
Revises: 0005_raw_stored_uncompressed
Create Date: 2026-12-05
"""

from alembic import op

revision = "0006_sync_state_last_checked"
down_revision = "0005_raw_stored_uncompressed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE jira_sync_state ADD COLUMN IF NOT EXISTS last_checked_at timestamptz")


def downgrade() -> None:
    op.execute("ALTER TABLE jira_sync_state DROP COLUMN IF EXISTS last_checked_at")
