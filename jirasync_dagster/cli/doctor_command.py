"""`jirasync doctor`: checks every JIRA instance, the warehouse and Redis, and says what fails."""

from dataclasses import dataclass

import click
from rich.console import Console
from rich.table import Table

from jirasync_dagster.jira.connection import ConfigurationError, connections_from_env
from jirasync_dagster.jira.health import InstanceHealth, check_instance
from jirasync_dagster.jira.redis_support import redacted, redis_url_from_env


@dataclass
class ServiceHealth:
    """The warehouse's or Redis's reachability and version."""

    name: str
    where: str
    version: str = ""
    error: str | None = None


def check_warehouse() -> ServiceHealth:
    """Connect to the warehouse Postgres (embedded when JIRASYNC_DATABASE_URL is unset)."""
    import sqlalchemy as sa

    from jirasync_dagster.cli.warehouse_location import libpq_uri
    from jirasync_dagster.warehouse import Warehouse, resolve_database_url

    try:
        url = resolve_database_url()
        where = libpq_uri(url)
    except Exception as exc:  # noqa: BLE001 - the doctor reports every failure instead of crashing
        return ServiceHealth("warehouse", "?", error=f"{type(exc).__name__}: cannot resolve the database URL")
    warehouse = Warehouse(url)
    try:
        return ServiceHealth("warehouse", where, version=f"PostgreSQL {warehouse.server_version()}")
    except sa.exc.SQLAlchemyError as exc:
        return ServiceHealth("warehouse", where, error=f"unreachable ({type(exc.orig or exc).__name__})")
    finally:
        warehouse.dispose()


def check_redis(url: str) -> ServiceHealth:
    """Ping Redis at REDIS_URL and read its version."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        return ServiceHealth("redis", redacted(url), version=f"Redis {client.info('server')['redis_version']}")
    except (redis.RedisError, OSError, ValueError) as exc:
        return ServiceHealth("redis", redacted(url), error=f"unreachable ({type(exc).__name__})")


def instances_table(results: list[InstanceHealth]) -> Table:
    """One column per JIRA instance (rows are the checks), so it fits a narrow terminal."""
    table = Table(title="JIRA instances")
    table.add_column("check", style="bold")
    for h in results:
        table.add_column(h.name, overflow="fold")
    rows = {
        "url": [h.url for h in results],
        "status": ["[green]ok[/green]" if h.ok else "[red]failed[/red]" for h in results],
        "flavour": [h.flavour for h in results],
        "version": [h.version for h in results],
        "signed in as": [h.user for h in results],
        "time zone": [h.time_zone for h in results],
        "projects visible": ["" if h.projects is None else str(h.projects) for h in results],
        "rate-limit headers": [", ".join(f"{k}: {v}" for k, v in h.rate_limit_headers.items()) or "none seen"
                               for h in results],
    }
    for check, values in rows.items():
        table.add_row(check, *values)
    return table


def services_table(results: list[ServiceHealth]) -> Table:
    """One row each for the warehouse and Redis."""
    table = Table(title="services")
    for column in ("service", "where", "status", "version"):
        table.add_column(column)
    for s in results:
        table.add_row(s.name, s.where, "[green]ok[/green]" if s.error is None else "[red]failed[/red]", s.version)
    return table


@click.command("doctor")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for each JIRA answer.")
@click.pass_obj
def doctor_command(settings: dict | None, timeout: float) -> None:
    """Check every configured JIRA instance, the warehouse and Redis; exit 1 if any check fails."""
    console = Console()
    from_file = (settings or {}).get("env_file")
    if from_file:
        console.print(f"settings read from ./.env: {', '.join(from_file)}")
    try:
        connections = connections_from_env()
    except ConfigurationError as exc:
        console.print(f"[red]configuration[/red]: {exc}")
        raise SystemExit(1)
    if not connections:
        # A check that checked nothing must not pass.
        console.print("[red]no JIRA instance configured[/red]: set JIRA_URL_1 and its credentials "
                      "(JIRA_USERNAME_1 and JIRA_PASSWORD_1, or JIRA_TOKEN_1) in the environment or in ./.env")
        raise SystemExit(1)
    instances = [check_instance(c, timeout) for c in connections]
    services = [check_warehouse()]
    redis_url = redis_url_from_env()
    if redis_url:
        services.append(check_redis(redis_url))
    console.print(instances_table(instances))
    console.print(services_table(services))
    failures = [(h.name, h.error) for h in instances if not h.ok] + [(s.name, s.error) for s in services if s.error]
    for name, error in failures:
        console.print(f"[red]{name} failed[/red]: {error}")
    if failures:
        raise SystemExit(1)
    console.print("[green]all checks passed[/green]")
