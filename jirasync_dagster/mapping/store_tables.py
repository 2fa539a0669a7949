"""The Postgres tables that hold the field mappings and every version of them."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from jirasync_dagster.mapping.errors import MappingError
from jirasync_dagster.mapping.model import FieldMapping
from jirasync_dagster.mapping.serialization import mapping_from_data, mapping_to_data

metadata = sa.MetaData()

field_mappings = sa.Table(
    "field_mappings",
    metadata,
    sa.Column("column_name", sa.Text, primary_key=True),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("group_name", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("default_value", JSONB(none_as_null=True)),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("sources", JSONB, nullable=False),
    # Keeps the user's order, so exports and new warehouse columns follow the file.
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("updated_by", sa.Text, nullable=False),
)

# `before` and `after` hold the whole mapping set, so a rollback restores it exactly.
field_mappings_history = sa.Table(
    "field_mappings_history",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("changed_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("before", JSONB, nullable=False),
    sa.Column("after", JSONB, nullable=False),
)


def mapping_to_row(mapping: FieldMapping, position: int, actor: str) -> dict:
    """The field_mappings row of `mapping`."""
    data = mapping_to_data(mapping)
    return {
        "column_name": data["column"],
        "type": data["type"],
        "group_name": data["group"],
        "description": data["description"],
        "default_value": data["default"],
        "active": data["active"],
        "sources": data["sources"],
        "position": position,
        "updated_by": actor,
    }


def row_to_data(row: sa.RowMapping) -> dict:
    """The mapping-file dict of a field_mappings row."""
    return {
        "column": row["column_name"],
        "type": row["type"],
        "group": row["group_name"],
        "description": row["description"],
        "default": row["default_value"],
        "active": row["active"],
        "sources": row["sources"],
    }


def mapping_from_stored(data: dict, where: str) -> FieldMapping:
    """A mapping read back from the database; a hand-edited invalid row raises MappingError."""
    mapping, problems = mapping_from_data(data)
    if mapping is None:
        messages = [message for _, message in problems]
        raise MappingError.from_problems(f"{where} (fix it with `jirasync fields import`)", messages)
    return mapping
