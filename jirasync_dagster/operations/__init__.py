"""Operator tasks behind `jirasync projects|issue|reset|fields verify`: pure logic, no Dagster, no printing."""
