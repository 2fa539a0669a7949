"""jira_issues_v2.raw stored out of line and uncompressed (STORAGE EXTERNAL).

Compressing 3–5 KB of jsonb per issue with pglz was half of Postgres's time in a sync
(about 40 of 100 µs per issue). Out of line, the table's main heap holds about 320 bytes
per issue instead of 1,700, so scans of the mapped columns read a fifth of the pages; the
price is about twice the disk for `raw`. Rows already stored keep their compression until
they are next written. To prefer disk over speed:
`ALTER TABLE jira_issues_v2 ALTER COLUMN raw SET STORAGE EXTENDED`; syncs keep working.

Revision ID: 0005_raw_stored_uncompressed
Revises: 0004_sync_state_raw_fields
Create Date: 2026-11-23
"""

from alembic import op

revision = "0005_raw_stored_uncompressed"
down_revision = "0004_sync_state_raw_fields"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE jira_issues_v2 ALTER COLUMN raw SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.execute("ALTER TABLE jira_issues_v2 ALTER COLUMN raw SET STORAGE EXTENDED")
