"""deploy/Dockerfile builds a multi-stage image that runs as a non-root user from pinned bases, with no
secret baked in; the images docker-compose.yml pulls are pinned too. Parsed statically (no Docker engine)."""

import re

from jirasync_dagster_tests.deploy.compose_config import ROOT, resolved

DOCKERFILE = ROOT / "deploy" / "Dockerfile"
# A tag names a release: Postgres numbers them major.minor (17.5), the others major.minor.patch;
# an optional variant (-bookworm) and digest may follow. `latest`, `17` or `3.11-slim` float.
RELEASE_TAG = {"postgres": r"\d+\.\d+", "default": r"\d+\.\d+\.\d+"}
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|API_KEY|CREDENTIAL", re.IGNORECASE)


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines if line and not line.startswith("#")]


def is_pinned(image: str) -> bool:
    """Whether `image` names a release of its repository (optionally with a digest)."""
    repository, _, tag = image.partition(":")
    version = RELEASE_TAG.get(repository, RELEASE_TAG["default"])
    return re.fullmatch(rf"{version}(-[a-z0-9]+)*(@sha256:[0-9a-f]{{64}})?", tag) is not None


def test_image_is_multi_stage_from_pinned_bases():
    stages = [args.split() for keyword, args in instructions() if keyword == "FROM"]
    assert len(stages) >= 2
    assert all(is_pinned(stage[0]) for stage in stages), stages
    # Build tools and sources stay behind: the final stage copies the virtualenv from an earlier one.
    names = [stage[2] for stage in stages if len(stage) == 3 and stage[1].upper() == "AS"]
    copies = [args for keyword, args in instructions() if keyword == "COPY" and args.startswith("--from=")]
    assert any(copy.split()[0] == f"--from={names[0]}" for copy in copies), copies


def test_image_runs_as_a_non_root_user():
    steps = instructions()
    final_stage = steps[max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM"):]
    users = [args for keyword, args in final_stage if keyword == "USER"]
    assert users, "the final stage sets no USER: it would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    # Nothing after USER may run as root again.
    assert [keyword for keyword, _ in final_stage].index("USER") > max(
        i for i, (keyword, _) in enumerate(final_stage) if keyword == "RUN")


def test_no_secret_in_build_arguments_or_environment():
    """ARG and ENV values end up in the image's history and config: no secret name may be one."""
    for keyword, args in instructions():
        if keyword in ("ARG", "ENV"):
            names = re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)", args)
            assert not [name for name in names if SECRET_NAME.search(name)], (keyword, args)


def test_pulled_images_are_pinned(tmp_path):
    """Rebuilding or pulling months later runs the same servers."""
    services = resolved(tmp_path)["services"]
    for name in ("postgres", "redis", "proxy"):
        assert is_pinned(services[name]["image"]), services[name]["image"]


def test_pin_check_has_teeth():
    for floating in ("python:3.11-slim", "postgres:17", "redis:7", "nginx:latest", "nginx"):
        assert not is_pinned(floating), floating
    assert is_pinned("python:3.11.13-slim-bookworm") and is_pinned("postgres:17.5-bookworm")
    assert is_pinned("nginx:1.28.0@sha256:" + "0" * 64)


def test_build_context_leaves_out_env_files():
    """`.env` holds the JIRA tokens and passwords; BuildKit's per-Dockerfile ignore file keeps it out."""
    ignored = (ROOT / "deploy" / "Dockerfile.dockerignore").read_text().split()
    assert {".env", ".env.*"} <= set(ignored)
    copied = [source for keyword, args in instructions() if keyword == "COPY" and not args.startswith("--")
              for source in args.split()[:-1]]
    assert not set(copied) & set(ignored)
