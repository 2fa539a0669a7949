"""jira_project_sensor on the sandbox: new projects become partitions with a first sync, removed ones go."""

import sqlalchemy as sa


def apply(project, data) -> None:
    """Do what the daemon does with a tick's partition requests."""
    for request in data.dynamic_partitions_requests:
        if type(request).__name__.startswith("Add"):
            project.instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
        else:
            for key in request.partition_keys:
                project.instance.delete_dynamic_partition(request.partitions_def_name, key)


def test_first_tick_registers_every_project_and_requests_their_first_sync(project):
    data = project.tick("jira_project_sensor")
    added = data.dynamic_partitions_requests[0].partition_keys
    assert project.requested(data, added) == ["instance_1:ENG", "instance_1:OPS", "instance_1:SUP",
                                              "instance_2:DATA", "instance_2:ENG", "instance_2:WEB"]
    # A first load is one run per instance, not a run per project.
    assert sorted(r.tags["jirasync/instance"] for r in data.run_requests) == ["instance_1", "instance_2"]
    apply(project, data)
    assert project.tick("jira_project_sensor").skip_message == "no project was added or removed"


def test_new_project_added_and_removed_project_deleted(project):
    apply(project, project.tick("jira_project_sensor"))
    project.sandbox.instance("instance_2").create_project("NEW", "Brand new")
    project.sandbox.instance("instance_1").delete_project("SUP")
    data = project.tick("jira_project_sensor")
    assert [r.partition_key for r in data.run_requests] == ["instance_2:NEW"]
    apply(project, data)
    partitions = set(project.instance.get_dynamic_partitions("jira_projects"))
    assert "instance_2:NEW" in partitions and "instance_1:SUP" not in partitions
    with project.engine.connect() as conn:
        removed = conn.execute(sa.text(
            "SELECT removed_at IS NOT NULL FROM jira_projects WHERE partition_key = 'instance_1:SUP'")).scalar()
    assert removed


def test_disabled_project_gets_a_partition_but_no_sync(project):
    project.discover()
    with project.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_projects SET active = false WHERE project_key = 'OPS'"))
    project.instance.delete_dynamic_partition("jira_projects", "instance_1:OPS")
    data = project.tick("jira_project_sensor")
    assert data.run_requests == [] and data.dynamic_partitions_requests[0].partition_keys == ["instance_1:OPS"]


def test_an_unreachable_instance_keeps_its_partitions(project, monkeypatch):
    apply(project, project.tick("jira_project_sensor"))
    monkeypatch.setenv("JIRA_TOKEN_2", "wrong")
    data = project.tick("jira_project_sensor")
    assert data.skip_message == "no project was added or removed"
    assert len(project.instance.get_dynamic_partitions("jira_projects")) == 6
