"""`jirasync demo`: a sandbox JIRA, the embedded Postgres, and every partition synced."""

import os

import click
import sqlalchemy as sa
from rich.table import Table

from jirasync_dagster.cli.sync_command import sync_partitions
from jirasync_dagster.cli.terminal import terminal
from jirasync_dagster.cli.warehouse_location import psql_command, psql_program
from jirasync_dagster.warehouse import resolve_database_url


def use_only(env: dict[str, str]) -> None:
    """Replace every JIRA_* variable of this process with `env`."""
    for name in [n for n in os.environ if n.startswith("JIRA_")]:
        del os.environ[name]
    os.environ.update(env)


def landed_per_project(database_url: str) -> dict[tuple[str, str], int]:
    """Live rows in jira_issues_v2 per (instance, project)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT instance, project_key, count(*) FROM jira_issues_v2 WHERE deleted_at IS NULL "
                "GROUP BY 1, 2"
            ))
            return {(i, p): n for i, p, n in rows}
    finally:
        engine.dispose()


@click.command("demo")
@click.option("--issues", default=600, show_default=True, help="Issues per sandbox instance.")
@click.option("--seed", default=7, show_default=True, help="Seed of the sandbox dataset.")
def demo_command(issues: int, seed: int) -> None:
    """Sync a two-instance sandbox JIRA into the embedded Postgres and show what landed."""
    from jirasync_dagster.sandbox import SandboxServer, default_specs

    console = terminal()
    with SandboxServer(default_specs(issues=issues, seed=seed)) as server:
        use_only(server.env())
        console.print(f"sandbox JIRA at {server.url} (instance_1: Cloud, instance_2: Data Center)")
        outcomes = sync_partitions(console)
        expected: dict[tuple[str, str], int] = {}
        for name in ("instance_1", "instance_2"):
            for issue in server.instance(name).snapshot():
                expected[(name, issue["project_key"])] = expected.get((name, issue["project_key"]), 0) + 1
    database_url = resolve_database_url()
    landed = landed_per_project(database_url)
    table = Table(title="what landed in jira_issues_v2")
    for name in ("instance", "project", "in JIRA", "in jira_issues_v2", "exact"):
        table.add_column(name)
    exact = True
    for (instance, project), count in sorted(expected.items()):
        have = landed.get((instance, project), 0)
        exact &= have == count
        table.add_row(instance, project, str(count), str(have), "yes" if have == count else "[red]NO[/red]")
    console.print(table)
    console.print("runs: `jirasync dev` opens them in the Dagster UI; the warehouse opens with this line:")
    console.print(psql_command(database_url, psql_program()), soft_wrap=True, markup=False, highlight=False)
    if not exact or not all(o.success for o in outcomes):
        raise SystemExit(1)
