"""Partition keys `<instance>:<PROJECT_KEY>`, validated before Dagster ever sees them."""

import re

PARTITION_KEY = re.compile(r"^[a-z][a-z0-9_]*:[A-Z][A-Z0-9_]*$")


class InvalidPartitionKey(ValueError):
    """A partition key that does not follow `<instance>:<PROJECT_KEY>`."""


def partition_key(instance: str, project_key: str) -> str:
    """The partition key of one project, validated."""
    key = f"{instance}:{project_key}"
    if not PARTITION_KEY.match(key):
        raise InvalidPartitionKey(
            f"{key!r} is not a valid partition key: instance names are lower-case "
            "(JIRA_NAME_<n>) and project keys upper-case letters, digits and underscores"
        )
    return key


def split_partition_key(key: str) -> tuple[str, str]:
    """(instance, project_key) of a partition key, validated."""
    if not PARTITION_KEY.match(key or ""):
        raise InvalidPartitionKey(f"{key!r} is not a partition key of the form instance_1:ENG")
    instance, project = key.split(":", 1)
    return instance, project
