"""Finding the JiraResource of each instance inside an asset."""

from dagster import AssetExecutionContext

from jirasync_dagster.resources import JiraResource, resource_key


class InstanceNotConfigured(LookupError):
    """A partition names an instance that no JIRA_URL_<n> describes."""


def jira_resource(context: AssetExecutionContext, instance: str) -> JiraResource:
    """The configured JiraResource of `instance`, or a clear error naming the variables to set."""
    try:
        return getattr(context.resources, resource_key(instance))
    except AttributeError:
        raise InstanceNotConfigured(
            f"no JIRA instance named {instance!r} is configured: set JIRA_URL_<n> (and JIRA_NAME_<n>="
            f"{instance} unless it is instance_<n>) with its credentials, then reload the code location"
        ) from None


def all_jira_resources(context: AssetExecutionContext, instances: list[str]) -> list[JiraResource]:
    """Every configured instance's resource, failing clearly when there are none."""
    if not instances:
        raise InstanceNotConfigured(
            "no JIRA instance is configured: set JIRA_URL_1 with JIRA_USERNAME_1 and JIRA_PASSWORD_1 "
            "(Cloud) or JIRA_TOKEN_1 (Data Center); `jirasync sandbox` prints a working set"
        )
    return [jira_resource(context, name) for name in instances]
