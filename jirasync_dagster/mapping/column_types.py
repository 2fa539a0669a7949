"""The column types a field mapping can declare and their PostgreSQL types."""

from sqlalchemy import BigInteger, Boolean, Date, Text
from sqlalchemy.dialects.postgresql import ARRAY, DOUBLE_PRECISION, JSONB, TIMESTAMP
from sqlalchemy.types import TypeEngine

from jirasync_dagster.mapping.errors import MappingError

# JIRA stores number fields as Java doubles, so DOUBLE PRECISION mirrors them exactly;
# NUMERIC would promise a decimal precision JIRA never had and return slower Decimals.
_SQL_TYPES: dict[str, TypeEngine] = {
    "string": Text(),
    "text": Text(),
    "integer": BigInteger(),
    "number": DOUBLE_PRECISION(),
    "boolean": Boolean(),
    "date": Date(),
    "datetime": TIMESTAMP(timezone=True),
    "string_array": ARRAY(Text()),
    "json": JSONB(),
}

COLUMN_TYPES: tuple[str, ...] = tuple(_SQL_TYPES)


def column_sql_type(type_name: str) -> TypeEngine:
    """The SQLAlchemy type of a warehouse column declared with `type_name`."""
    try:
        return _SQL_TYPES[type_name]
    except KeyError:
        raise MappingError(
            f"unknown column type {type_name!r}; use one of: {', '.join(COLUMN_TYPES)}"
        ) from None
