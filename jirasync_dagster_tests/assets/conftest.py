from jirasync_dagster_tests.sensors.support import project  # noqa: F401  (fixture)
