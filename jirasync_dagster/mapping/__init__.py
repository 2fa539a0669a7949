"""Field mapping: which JIRA field fills which warehouse column, and typed value conversion.

Pure Python with no Dagster imports; the Dagster layer wraps it in a resource.
"""

from jirasync_dagster.mapping.column_types import COLUMN_TYPES, column_sql_type
from jirasync_dagster.mapping.converter import ConvertedRow, IssueConverter
from jirasync_dagster.mapping.defaults import default_mappings
from jirasync_dagster.mapping.errors import MappingError
from jirasync_dagster.mapping.legacy import convert_legacy_mapping
from jirasync_dagster.mapping.mapping_file import dump_mapping_file, load_mapping_file
from jirasync_dagster.mapping.model import (
    FieldMapping, FieldSource, TimeInStatusSource, TransitionSource, validate_column_name,
)
from jirasync_dagster.mapping.store import MappingStore

__all__ = [
    "COLUMN_TYPES",
    "ConvertedRow",
    "FieldMapping",
    "FieldSource",
    "IssueConverter",
    "MappingError",
    "MappingStore",
    "TimeInStatusSource",
    "TransitionSource",
    "column_sql_type",
    "convert_legacy_mapping",
    "default_mappings",
    "dump_mapping_file",
    "load_mapping_file",
    "validate_column_name",
]
