"""Masking: secrets never show unless revealed; secure values never at all."""

from dataclasses import replace

import pytest

from acitui.masking import (
    MASK,
    SECURE_LABEL,
    display_value,
    masked_value,
    redact_command,
    redact_group,
    redact_text,
)
from acitui.model import Container, ContainerGroup, EnvVar, GroupState, Volume


def test_plain_values_are_masked_until_revealed() -> None:
    """A plain value shows as a mask by default and as itself when revealed."""
    var = EnvVar("API_URL", "https://user:pw@db")
    assert masked_value(var) == MASK and display_value(var) == MASK
    assert masked_value(var, reveal=True) == "https://user:pw@db"


def test_secure_values_cannot_be_revealed() -> None:
    """A secure variable is labelled secure and has no value even when revealing."""
    var = EnvVar("DB_PASSWORD", None, secure=True)
    assert masked_value(var, reveal=True) is None
    assert display_value(var, reveal=True) == SECURE_LABEL


def test_revealed_values_are_sanitised() -> None:
    """A revealed value cannot carry an escape sequence to the terminal."""
    assert masked_value(EnvVar("X", "a\x1b]52;c;AAAA\x07b"), reveal=True) == "ab"


@pytest.mark.parametrize(
    "text, secret",
    [
        ('sh -c "app --password=hunter2 --user=me"', "hunter2"),
        ("app --password hunter2", "hunter2"),
        ("app --token=tok-1 --other", "tok-1"),
        ("app --secret s3 --verbose", "s3"),
        ("app --api-key=k-123", "k-123"),
        ("app --key k-123", "k-123"),
        ("app --db-password='two words'", "two words"),
        ("docker login -u me -p pw-9 registry.io", "pw-9"),
        ("DB_PASSWORD=pw-8 ./run", "pw-8"),
        ("export PGPASSWORD=pw-7", "pw-7"),
        ("AZURE_STORAGE_CONNECTION_STRING=DefaultEndpoints;AccountKey=ak", "AccountKey"),
        ("git clone https://user:PAT-6@host/x.git", "PAT-6"),
        ("https://PAT-5@github.com/org/repo.git", "PAT-5"),
        ("ACCESS_TOKEN=tk CREDENTIAL=cr", "tk"),
    ],
)
def test_secret_looking_text_is_masked(text: str, secret: str) -> None:
    """Secret flags, KEY=value with a secret key, login -p and URL userinfo are masked."""
    masked = redact_text(text)
    assert secret not in masked and MASK in masked
    assert redact_text(masked) == masked


@pytest.mark.parametrize(
    "text",
    ["sh -c 'sleep 5'", "app --port 80 --name web", "PATH=/bin HOME=/root", "ghcr.io/a/b:1.2"],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    """A command with nothing secret in it is shown as it is."""
    assert redact_text(text) == text


def test_separate_argument_after_a_secret_flag_is_masked() -> None:
    """`--password x` and `login … -p x` as separate arguments mask the value argument."""
    assert redact_command(("app", "--password", "x1", "--name", "web")) == (
        "app",
        "--password",
        MASK,
        "--name",
        "web",
    )
    assert redact_command(("docker", "login", "-u", "me", "-p", "x2", "r.io"))[5] == MASK
    assert redact_command(("tar", "-p", "file")) == ("tar", "-p", "file")


def _group() -> ContainerGroup:
    web = Container(
        "web",
        "https://robot:img-pat@registry.example/app:1",
        command=("sh", "-c", "serve --password=hunter2"),
        environment=(EnvVar("PLAIN", "visible"), EnvVar("S", None, secure=True)),
    )
    return ContainerGroup(
        "g",
        "rg",
        GroupState.RUNNING,
        containers=(web,),
        init_containers=(replace(web, name="init", command=("--token", "init-tok")),),
        volumes=(Volume("src", "gitRepo", {"repository": "https://user:PAT@host/x.git"}),),
        tags={"db-password": "tag-secret", "owner": "ops", "url": "https://a:b-pw@h"},
        extra={"compose_file": "/x.yml"},
    )


def test_redact_group_masks_every_hiding_place() -> None:
    """Image, command, init containers, env values, gitRepo URLs and secret labels are masked."""
    shown = repr(redact_group(_group()))
    for secret in ("img-pat", "hunter2", "init-tok", "visible", "PAT@", "tag-secret", "b-pw"):
        assert secret not in shown
    redacted = redact_group(_group())
    assert redacted.volumes[0].detail["repository"] == f"https://{MASK}@host/x.git"
    assert redacted.tags["owner"] == "ops" and redacted.containers[0].environment[1].secure
    assert redact_group(redacted) == redacted


def test_redact_group_reveal_returns_the_group() -> None:
    """Revealing shows the group's values as they are."""
    group = _group()
    assert redact_group(group, reveal=True) is group
