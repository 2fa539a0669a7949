"""The field catalogue: system fields, logical custom fields and their per-instance ids."""

_CF = "com.atlassian.jira.plugin.system.customfieldtypes:"

# The same logical field has a different id on each instance, as on real JIRA sites.
CUSTOM_FIELDS: dict[str, dict[str, str]] = {
    "instance_1": {
        "story_points": "customfield_10016",
        "customer_tier": "customfield_10040",
        "escalated": "customfield_10050",
        "target_date": "customfield_10060",
        "sprint": "customfield_10020",
        "contact_first_name": "customfield_10070",
        "contact_last_name": "customfield_10071",
        "epic_link": "customfield_10014",
        "team": "customfield_10001",
        "affected_areas": "customfield_10045",
        "reviewers": "customfield_10003",
        "qa_owner": "customfield_10080",
        "start_date": "customfield_10015",
        "customer_labels": "customfield_10090",
        "acceptance_criteria": "customfield_10092",
        "support_url": "customfield_10097",
        "rank": "customfield_10019",
    },
    "instance_2": {
        "story_points": "customfield_10202",
        "customer_tier": "customfield_10311",
        "escalated": "customfield_10050",
        "target_date": "customfield_10415",
        "sprint": "customfield_10104",
        "contact_first_name": "customfield_10501",
        "contact_last_name": "customfield_10502",
        "epic_link": "customfield_10100",
        "team": "customfield_10600",
        "affected_areas": "customfield_10320",
        "reviewers": "customfield_10330",
        "qa_owner": "customfield_10340",
        "start_date": "customfield_10416",
        "customer_labels": "customfield_10350",
        "acceptance_criteria": "customfield_10360",
        "support_url": "customfield_10370",
        "rank": "customfield_10105",
    },
}

# logical name -> (display name, schema type, schema items, custom type key)
LOGICAL_FIELDS: dict[str, tuple[str, str, str | None, str]] = {
    "story_points": ("Story Points", "number", None, _CF + "float"),
    "customer_tier": ("Customer Tier", "option", None, _CF + "select"),
    "escalated": ("Escalated", "option", None, _CF + "select"),
    "target_date": ("Target Date", "datetime", None, _CF + "datetime"),
    "sprint": ("Sprint", "array", "json", "com.pyxis.greenhopper.jira:gh-sprint"),
    "contact_first_name": ("Contact First Name", "string", None, _CF + "textfield"),
    "contact_last_name": ("Contact Last Name", "string", None, _CF + "textfield"),
    "epic_link": ("Epic Link", "any", None, "com.pyxis.greenhopper.jira:gh-epic-link"),
    "team": ("Team Name", "string", None, _CF + "textfield"),
    "affected_areas": ("Affected Areas", "array", "option", _CF + "multiselect"),
    "reviewers": ("Reviewers", "array", "user", _CF + "multiuserpicker"),
    "qa_owner": ("QA Owner", "user", None, _CF + "userpicker"),
    "start_date": ("Start date", "date", None, _CF + "datepicker"),
    "customer_labels": ("Customer Labels", "array", "string", _CF + "labels"),
    "acceptance_criteria": ("Acceptance Criteria", "string", None, _CF + "textarea"),
    "support_url": ("Support URL", "string", None, _CF + "url"),
    "rank": ("Rank", "any", None, "com.pyxis.greenhopper.jira:gh-lexo-rank"),
}

# id -> (display name, schema type, schema items, JQL clause name); None type = no schema.
SYSTEM_FIELDS: dict[str, tuple[str, str | None, str | None, str]] = {
    "summary": ("Summary", "string", None, "summary"),
    "description": ("Description", "string", None, "description"),
    "issuetype": ("Issue Type", "issuetype", None, "issuetype"),
    "status": ("Status", "status", None, "status"),
    "priority": ("Priority", "priority", None, "priority"),
    "resolution": ("Resolution", "resolution", None, "resolution"),
    "project": ("Project", "project", None, "project"),
    "assignee": ("Assignee", "user", None, "assignee"),
    "reporter": ("Reporter", "user", None, "reporter"),
    "creator": ("Creator", "user", None, "creator"),
    "created": ("Created", "datetime", None, "created"),
    "updated": ("Updated", "datetime", None, "updated"),
    "resolutiondate": ("Resolved", "datetime", None, "resolved"),
    "statuscategorychangedate": ("Status Category Changed", "datetime", None, "statusCategoryChangedDate"),
    "duedate": ("Due date", "date", None, "due"),
    "labels": ("Labels", "array", "string", "labels"),
    "components": ("Component/s", "array", "component", "component"),
    "fixVersions": ("Fix Version/s", "array", "version", "fixVersion"),
    "versions": ("Affects Version/s", "array", "version", "affectedVersion"),
    "parent": ("Parent", None, None, "parent"),
    "environment": ("Environment", "string", None, "environment"),
    "timetracking": ("Time tracking", "timetracking", None, "timetracking"),
    "timeoriginalestimate": ("Original Estimate", "number", None, "originalEstimate"),
    "timespent": ("Time Spent", "number", None, "timespent"),
    "watches": ("Watchers", "watches", None, "watchers"),
    "votes": ("Votes", "votes", None, "votes"),
    "workratio": ("Work Ratio", "number", None, "workratio"),
}


def custom_fields_for(name: str, is_cloud: bool) -> dict[str, str]:
    """The logical-name -> field-id table of an instance (unknown names borrow a flavour's)."""
    return CUSTOM_FIELDS.get(name) or CUSTOM_FIELDS["instance_1" if is_cloud else "instance_2"]


def field_definitions(name: str, is_cloud: bool) -> list[dict]:
    """The body of GET /rest/api/{2,3}/field for an instance."""
    result = []
    for field_id, (label, kind, items, clause) in SYSTEM_FIELDS.items():
        entry = _entry(field_id, label, False, [clause])
        if kind:
            entry["schema"] = {"type": kind, **({"items": items} if items else {}), "system": field_id}
        result.append(entry)
    for logical, field_id in custom_fields_for(name, is_cloud).items():
        label, kind, items, custom = LOGICAL_FIELDS[logical]
        if logical == "sprint" and not is_cloud:
            items = "string"  # Data Center still serialises sprints as strings
        number = int(field_id.rsplit("_", 1)[1])
        entry = _entry(field_id, label, True, [f"cf[{number}]", label])
        entry["untranslatedName"] = label
        entry["schema"] = {"type": kind, **({"items": items} if items else {}), "custom": custom, "customId": number}
        result.append(entry)
    return result


def _entry(field_id: str, label: str, custom: bool, clauses: list[str]) -> dict:
    """The attributes every /field entry carries."""
    return {
        "id": field_id, "key": field_id, "name": label, "custom": custom, "orderable": True,
        "navigable": True, "searchable": True, "clauseNames": clauses,
    }
