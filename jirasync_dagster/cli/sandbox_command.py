"""`jirasync sandbox`: serve the JIRA-compatible sandbox until stopped."""

import click


@click.command("sandbox")
@click.option("--port", default=8765, show_default=True, help="Port to listen on (127.0.0.1).")
@click.option("--flavour", type=click.Choice(["cloud", "datacenter"]), default=None,
              help="Flavour of both instances (default: instance_1 Cloud, instance_2 Data Center).")
@click.option("--issues", default=600, show_default=True, help="Issues per instance.")
@click.option("--seed", default=7, show_default=True, help="Seed of the dataset.")
def sandbox_command(port: int, flavour: str | None, issues: int, seed: int) -> None:
    """Serve a two-instance sandbox JIRA and print the JIRA_* variables to use it."""
    from jirasync_dagster.sandbox import default_specs, serve_forever

    serve_forever(default_specs(issues=issues, seed=seed, flavour=flavour), "127.0.0.1", port, announce=click.echo)
