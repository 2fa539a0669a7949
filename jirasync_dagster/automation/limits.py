"""The runs-per-JIRA-site limit, read from the Dagster instance so every launcher honours one number."""

from dagster import DagsterInstance

from jirasync_dagster.automation.run_requests import INSTANCE_TAG

# What dagster.yaml and deploy/dagster.yaml set; used where an instance sets no limit of its own.
DEFAULT_PER_INSTANCE = 2


def per_instance_limit(instance: DagsterInstance) -> int:
    """How many syncs may run at once against one JIRA site: the instance's `jirasync/instance` tag limit."""
    for limit in _tag_limits(instance):
        if limit.get("key") == INSTANCE_TAG and isinstance(limit.get("limit"), int):
            return max(1, limit["limit"])
    return DEFAULT_PER_INSTANCE


def _tag_limits(instance: DagsterInstance) -> list[dict]:
    try:
        queue = instance.get_concurrency_config().run_queue_config
    except Exception:  # an instance whose coordinator has no queue: fall back to its raw settings
        queue = None
    if queue is not None:
        return list(queue.tag_concurrency_limits or [])
    runs = (instance.get_settings("concurrency") or {}).get("runs") or {}
    return list(runs.get("tag_concurrency_limits") or [])

