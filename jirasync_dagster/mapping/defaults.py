"""The system columns every installation starts with."""

from jirasync_dagster.mapping.model import ALL_INSTANCES, FieldMapping, FieldSource

# (column, type, path into fields, description); system fields have the same id on every
# instance, so each has one "*" source. Custom fields are never defaulted: their ids differ.
_SYSTEM_COLUMNS = (
    ("summary", "string", "summary", "Issue summary"),
    ("status", "string", "status.name", "Workflow status"),
    ("status_category", "string", "status.statusCategory.key", "Status category key: new, indeterminate or done"),
    ("issue_type", "string", "issuetype.name", "Issue type"),
    ("priority", "string", "priority.name", "Priority"),
    ("assignee", "string", "assignee", "Assignee display name"),
    ("reporter", "string", "reporter", "Reporter display name"),
    ("created", "datetime", "created", "When the issue was created"),
    ("resolved", "datetime", "resolutiondate", "When the issue was resolved"),
    ("due_date", "date", "duedate", "Due date"),
    ("labels", "string_array", "labels", "Labels"),
    ("components", "string_array", "components", "Component names"),
    ("fix_versions", "string_array", "fixVersions", "Fix version names"),
    ("parent_key", "string", "parent.key", "Key of the parent issue (epic or story)"),
    ("project_name", "string", "project.name", "Project name"),
)


def default_mappings() -> list[FieldMapping]:
    """The system columns of jira_issues_v2 that DESIGN.md promises, as field mappings."""
    return [
        FieldMapping(
            column=column,
            type=type_name,
            group="system",
            description=description,
            sources={ALL_INSTANCES: FieldSource((path,))},
        )
        for column, type_name, path, description in _SYSTEM_COLUMNS
    ]
