"""Comments and links of each issue batch, written in the batch's own transaction.

A batch's links and embedded comments come with its pages. Only issues whose comments search
did not embed in full cost requests, and only when their `updated` moved since the stored row
(or the batch rewrites every row): the rest of their comments is paged from /comment in the
background as soon as their page is read (`follow`), and waited for before the batch's
transaction opens, never while it holds locks. Inside it, after the merge, only
issues whose row now holds this read's `updated` are written, so a read older than the row
(another partition's run, an issue moved meanwhile) changes nothing.
"""

from concurrent.futures import Future, ThreadPoolExecutor

import sqlalchemy as sa

from jirasync_dagster.jira.comments import CommentFetcher
from jirasync_dagster.sync.issue_extras import IssueExtras, comment_row
from jirasync_dagster.warehouse.comments import store_comments
from jirasync_dagster.warehouse.copy_format import array_literal
from jirasync_dagster.warehouse.links import refresh_other_keys, store_links
from jirasync_dagster.warehouse.schema import ISSUES_TABLE


class ExtrasStep:
    """Completes and writes the comments and links of a partition sync's batches."""

    def __init__(self, client, instance: str, report, *, rewrite: bool = False, threads: int = 4):
        self.instance, self.report, self.rewrite = instance, report, rewrite
        self.fetcher = CommentFetcher(client)
        self._pool = ThreadPoolExecutor(max(threads, 1), thread_name_prefix="jirasync-comments")
        # (issue id, startAt, updated) -> its comments past startAt, or None where they need no request
        self._fetching: dict[tuple, Future | None] = {}

    def __enter__(self) -> "ExtrasStep":
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def follow(self, warehouse, extras: IssueExtras) -> None:
        """Start fetching the comments search did not embed for a just-read page's changed issues."""
        unseen = [i for i in extras.unfinished if self._key(extras, i) not in self._fetching]
        if not unseen:
            return
        with warehouse.engine.connect() as conn:
            stored = _stored_updated(conn, self.instance, unseen)
        for issue_id in unseen:
            key = self._key(extras, issue_id)
            due = self.rewrite or stored.get(issue_id, False) != key[2]
            self._fetching[key] = self._pool.submit(self.fetcher.fetch, issue_id, key[1]) if due else None

    def prepare(self, warehouse, extras: IssueExtras) -> IssueExtras:
        """Complete the comments of the batch's changed issues (outside any transaction): those `follow` is
        fetching, and those of issues it was not shown (a reconciliation's lookups)."""
        self.follow(warehouse, extras)
        fetching = {i: self._fetching.pop(self._key(extras, i)) for i in list(extras.unfinished)}
        fetched = {i: future.result() for i, future in fetching.items() if future is not None}
        for issue_id, found in fetched.items():
            if found is None:
                continue  # gone meanwhile: left as it was, for reconciliation
            _, project, _ = extras.issues[issue_id]
            start = extras.unfinished.pop(issue_id)
            rows = [comment_row(extras, self.instance, issue_id, project, c) for c in found]
            extras.comments[issue_id] = extras.comments[issue_id][:start] + rows
            self.report.comments_fetched += len(rows)
        self.report.comment_api_calls = self.fetcher.calls
        return extras

    @staticmethod
    def _key(extras: IssueExtras, issue_id: int) -> tuple:
        return issue_id, extras.unfinished[issue_id], extras.issues[issue_id][2]

    def write(self, conn: sa.Connection, extras: IssueExtras) -> None:
        """Write the batch's comments and links, after its merge and in its transaction."""
        if not extras.issues:
            return
        current = _stored_updated(conn, self.instance, list(extras.issues))
        kept = [i for i, (_, _, updated) in extras.issues.items() if i in current and current[i] == updated]
        complete = [i for i in kept if i in extras.comments and i not in extras.unfinished]
        written, deleted = store_comments(conn, self.instance, complete,
                                          [row for i in complete for row in extras.comments[i]])
        with_links = [i for i in kept if i in extras.links]
        links_written, links_deleted = store_links(conn, self.instance, with_links,
                                                   [row for i in with_links for row in extras.links[i]])
        links_written += refresh_other_keys(conn, self.instance, {i: extras.issues[i][0] for i in kept})
        report = self.report
        report.comments_written, report.comments_deleted = report.comments_written + written, report.comments_deleted + deleted
        report.links_written, report.links_deleted = report.links_written + links_written, report.links_deleted + links_deleted
        self.report.comment_body_failures += extras.body_failures


def _stored_updated(conn: sa.Connection, instance: str, issue_ids: list[int]) -> dict:
    """{issue id: stored `updated`} of the live rows among `issue_ids`."""
    return dict(conn.execute(sa.text(
        f"SELECT issue_id, updated FROM {ISSUES_TABLE} WHERE instance = :instance "
        "AND issue_id = ANY(CAST(:ids AS bigint[])) AND deleted_at IS NULL"),
        {"instance": instance, "ids": array_literal(issue_ids)}).all())
