"""The one partitions definition: a key per JIRA project, `<instance>:<PROJECT_KEY>`."""

from dagster import DynamicPartitionsDefinition

jira_projects_partitions = DynamicPartitionsDefinition(name="jira_projects")
