"""The YAML field mapping file of `jirasync fields export` / `import` (format in DESIGN.md)."""

from typing import Any

import yaml

from jirasync_dagster.mapping.errors import MappingError
from jirasync_dagster.mapping.model import FieldMapping
from jirasync_dagster.mapping.serialization import mapping_from_data, mapping_to_data

FILE_VERSION = 1


def dump_mapping_file(mappings: list[FieldMapping]) -> str:
    """The YAML text of `mappings`, which load_mapping_file reads back unchanged."""
    document = {"version": FILE_VERSION, "mappings": [mapping_to_data(mapping) for mapping in mappings]}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=False)


def load_mapping_file(text: str) -> list[FieldMapping]:
    """Mappings of a YAML file; the whole file is checked and every problem raised at once."""
    try:
        document = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        raise MappingError(f"the mapping file is not valid YAML: {error}") from None
    if not isinstance(document, dict) or document.get("version") != FILE_VERSION:
        raise MappingError(f"the mapping file must be a mapping with `version: {FILE_VERSION}` and `mappings: [...]`")
    entries = document.get("mappings")
    if not isinstance(entries, list):
        raise MappingError("`mappings` must be a list of mappings (each with column, type and sources)")
    entry_nodes = _value_node(root, "mappings").value
    mappings: list[FieldMapping] = []
    problems: list[str] = []
    first_line_of_column: dict[Any, int] = {}
    for index, (entry, node) in enumerate(zip(entries, entry_nodes), start=1):
        name = entry.get("column") if isinstance(entry, dict) else None
        label = f"mapping #{index}" + (f" ({name!r})" if name is not None else "")
        mapping, entry_problems = mapping_from_data(entry)
        for key, message in entry_problems:
            problems.append(f"{_where(_value_node(node, key) or node)}: {label}: {message}")
        if isinstance(name, str) and name in first_line_of_column:
            problems.append(
                f"{_where(node)}: {label}: duplicate column, first defined on line "
                f"{first_line_of_column[name]}; each column may appear once"
            )
        elif isinstance(name, str):
            first_line_of_column[name] = node.start_mark.line + 1
        if mapping is not None:
            mappings.append(mapping)
    if problems:
        raise MappingError.from_problems("the mapping file", problems)
    return mappings


def _value_node(node: yaml.Node, key: str | None) -> yaml.Node | None:
    if key is None or not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


def _where(node: yaml.Node) -> str:
    return f"line {node.start_mark.line + 1}, column {node.start_mark.column + 1}"
