"""Boards and sprints of a project: read whole on a full pass, else only the sprints that can still change.

Closed sprints never change, so between full passes (a project's first sync, a full refresh,
each reconciliation) only boards with an active or future sprint are asked for their active and
future sprints; a stored open sprint missing from that answer was closed or deleted and is read
alone, as is a sprint an issue names that is not stored yet.
"""

import sqlalchemy as sa

from jirasync_dagster.warehouse.part_rows import board_row, sprint_row
from jirasync_dagster.warehouse.part_store import store_parts
from jirasync_dagster.warehouse.project_tables import boards, sprints

OPEN_STATES = ("active", "future")


def refresh_sprints(reader, warehouse, instance: str, project: str, referenced: set[int], full: bool,
                    report) -> None:
    """Store the project's boards (full pass) and every sprint read now; soft-delete the vanished ones."""
    fetched: dict[int, dict | None] = {}
    listed_on: dict[int, int] = {}  # sprint id -> the board whose list it came in
    scope = sa.false()
    if full:
        listed = reader.boards(project)
        with warehouse.engine.begin() as conn:
            report.part_rows["boards"] += store_parts(conn, boards, instance, [board_row(project, b) for b in listed],
                                                      scope=boards.c.project_key == project).written
        for board in listed:
            if board.get("type") != "kanban":  # kanban boards have no sprints
                _listed(fetched, listed_on, int(board["id"]), reader.sprints(board["id"]))
        scope = sprints.c.board_id.in_(sa.select(boards.c.board_id).where(
            boards.c.instance == instance, boards.c.project_key == project))
    else:
        open_sprints = _open(warehouse, instance, project)
        for board_id in sorted(set(open_sprints.values())):
            _listed(fetched, listed_on, board_id, reader.sprints(board_id, OPEN_STATES))
        fetched.update((i, reader.sprint(i)) for i in open_sprints.keys() - fetched.keys())
        listed_on = {**open_sprints, **listed_on}
    with warehouse.engine.connect() as conn:
        stored = set(conn.execute(sa.select(sprints.c.sprint_id).where(
            sprints.c.instance == instance, sprints.c.deleted_at.is_(None),
            sprints.c.sprint_id.in_(list(referenced)))).scalars())
    fetched.update((i, reader.sprint(i)) for i in referenced - stored - fetched.keys())
    gone = [i for i, s in fetched.items() if s is None]
    rows = [sprint_row(s, listed_on.get(i)) for i, s in fetched.items() if s]
    with warehouse.engine.begin() as conn:
        report.part_rows["sprints"] += store_parts(conn, sprints, instance, rows,
                                                   scope=sa.or_(scope, sprints.c.sprint_id.in_(gone))).written


def _listed(fetched: dict, listed_on: dict, board_id: int, found: list[dict]) -> None:
    for sprint in found:
        fetched[int(sprint["id"])] = sprint
        listed_on.setdefault(int(sprint["id"]), board_id)


def _open(warehouse, instance: str, project: str) -> dict[int, int]:
    """The live sprints not yet closed of the project's live boards: {sprint id: board id}."""
    with warehouse.engine.connect() as conn:
        rows = conn.execute(
            sa.select(sprints.c.board_id, sprints.c.sprint_id)
            .join(boards, sa.and_(boards.c.instance == sprints.c.instance, boards.c.board_id == sprints.c.board_id))
            .where(sprints.c.instance == instance, boards.c.project_key == project, boards.c.deleted_at.is_(None),
                   sprints.c.deleted_at.is_(None), sprints.c.state != "closed")).all()
    return {sprint: board for board, sprint in rows}
