"""The project-parts step of a partition sync, run once after the issues are written.

Versions and components are compared whole on every sync: JIRA lists each in one small
request and offers no cheaper signal of a rename or a deletion. Boards and sprints follow
sprint_refresh; sprint membership comes from the Sprint field of the issue rows (for which
the read requests that field). `JIRA_SKIP_<n>` switches versions, components or sprints
(boards, sprints and membership) off: no request, no write.
"""

import logging

from jirasync_dagster.jira.project_reader import ProjectReader
from jirasync_dagster.sync.partition_key import split_partition_key
from jirasync_dagster.sync.sprint_membership import sprint_fields, sync_memberships
from jirasync_dagster.sync.sprint_refresh import refresh_sprints
from jirasync_dagster.warehouse.part_rows import component_row, version_row
from jirasync_dagster.warehouse.part_store import store_parts
from jirasync_dagster.warehouse.project_tables import components, versions

logger = logging.getLogger("jirasync.sync")
PARTS = ("versions", "components", "sprints")


class ProjectPartsStep:
    """Versions, components, boards, sprints and sprint membership of one partition."""

    def __init__(self, client, warehouse, partition: str, log=logger):
        self.client, self.warehouse, self.log = client, warehouse, log
        self.instance, self.project = split_partition_key(partition)
        skipped = set(getattr(client.connection, "skip", ()))
        self.enabled = [part for part in PARTS if part not in skipped]
        self._issue_fields: list[str] | None = None

    @property
    def issue_fields(self) -> list[str]:
        """The issue fields the read must request for this step: the Sprint fields, when sprints are on."""
        if self._issue_fields is None:
            on = "sprints" in self.enabled
            self._issue_fields = sprint_fields(self.client, self.warehouse) if on else []
        return self._issue_fields

    def run(self, report) -> None:
        """Write the project's parts; count requests and rows written in `report`."""
        reader = ProjectReader(self.client)
        rows = {"versions": (versions, reader.versions, version_row),
                "components": (components, reader.components, component_row)}
        for part in self.enabled:
            if part in rows:
                table, read, row = rows[part]
                listed = [row(self.project, item) for item in read(self.project)]
                with self.warehouse.engine.begin() as conn:
                    counts = store_parts(conn, table, self.instance, listed, scope=table.c.project_key == self.project)
                report.part_rows[part] += counts.written
        if "sprints" in self.enabled:
            referenced = sync_memberships(self.warehouse, self.instance, self.project, self.issue_fields,
                                          report, self.log)
            refresh_sprints(reader, self.warehouse, self.instance, self.project, referenced,
                            report.mode == "full" or report.reconciled, report)
        report.part_requests.update(reader.requests)
        if self.enabled:
            self.log.info(f"{report.partition_key}: project parts in {sum(reader.requests.values())} requests, "
                          f"rows written: {dict(report.part_rows) or 'none'}")
