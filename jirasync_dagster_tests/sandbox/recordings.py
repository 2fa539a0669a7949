"""The recorded real JIRA answers (jirasync_dagster_tests/fixtures/jira/) as decoded JSON documents."""

import csv
import io
import json
from functools import cache

from jirasync_dagster_tests.mapping.recorded import FIXTURES


@cache
def recording(relative_path: str):
    """One recorded answer; a DevLake raw-table CSV gives the list of its `data` documents, and a
    single issue comes as a one-issue search page, so that issue paths read alike in every recording."""
    text = (FIXTURES / "jira" / relative_path).read_text(encoding="utf-8")
    if relative_path.endswith(".csv"):
        # The file starts with an empty line before its header.
        return [json.loads(row["data"]) for row in csv.DictReader(io.StringIO(text.lstrip("\n")))]
    document = json.loads(text)
    return {"issues": [document]} if isinstance(document, dict) and "fields" in document else document
