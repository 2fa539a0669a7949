"""jira_users: the users that synced rows name, one row per instance and user.

`user_key` is what the rows name a user by: the Cloud `accountId`, the Data Center user name
(as `author_id` of comments and worklogs and `lead_id` of components hold them). A user JIRA no
longer answers for (a deleted account) keeps a row of NULLs with `raw` JSON null, so that it is
not asked for on every sync.
"""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from jirasync_dagster.warehouse.schema import metadata

USERS = "jira_users"

users = sa.Table(
    USERS, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("user_key", sa.Text, primary_key=True),
    sa.Column("display_name", sa.Text),
    sa.Column("email", sa.Text),  # NULL where the user's privacy settings hide it
    sa.Column("active", sa.Boolean),
    sa.Column("time_zone", sa.Text),
    sa.Column("raw", JSONB, nullable=False),
    sa.Column("synced_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),  # last read
)
