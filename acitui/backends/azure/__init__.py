"""Azure Container Instances as a backend (async Azure SDK, ARM over HTTPS).

This package's ``__init__`` only describes the backend and imports no SDK: the
ARM client comes with :mod:`acitui.backends.azure.backend`, imported when chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from acitui.backends.descriptor import BackendDescriptor, CliOption, Words
from acitui.settings_checks import normalise_subscription, subscription_ids

CLOUDS = ("AzureCloud", "AzureChinaCloud", "AzureUSGovernment")


@dataclass(frozen=True)
class AzureSettings:
    """The ``[azure]`` section of the config file."""

    subscription: str = ""
    #: A bearer token (ACITUI_AZURE_TOKEN, or the demo emulator's). Never shown.
    token: str = field(default="", repr=False)
    cloud: str = "AzureCloud"
    arm_endpoint: str = ""
    device_code: bool = False
    managed_identity: bool = False
    ca_bundle: str = ""
    log_poll_seconds: float = field(default=2.0, metadata={"range": (0.1, 3600)})
    #: Seconds one ARM call may take, retries included.
    request_timeout: float = field(default=30.0, metadata={"range": (1, 600)})
    read_only_subscriptions: tuple[str, ...] = ()
    #: ARM api-version for ACI; empty = the newest stable one the subscription offers.
    api_version: str = ""

    def __post_init__(self) -> None:
        ids = subscription_ids(self.read_only_subscriptions, "read_only_subscriptions")
        object.__setattr__(self, "read_only_subscriptions", ids)

    def protects(self, subscription: str) -> bool:
        """True when ``subscription`` is listed in ``read_only_subscriptions``."""
        wanted = normalise_subscription(subscription)
        return bool(wanted) and wanted in self.read_only_subscriptions


def _apply_env(section: AzureSettings, env: Mapping[str, str]) -> AzureSettings:
    """ACITUI_AZURE_TOKEN, ACITUI_ARM_ENDPOINT, AZURE_SUBSCRIPTION_ID and the CA bundle."""
    if env.get("ACITUI_AZURE_TOKEN") and not section.token:
        section = replace(section, token=env["ACITUI_AZURE_TOKEN"])
    if env.get("ACITUI_ARM_ENDPOINT"):
        section = replace(section, arm_endpoint=env["ACITUI_ARM_ENDPOINT"])
    if not section.subscription and env.get("AZURE_SUBSCRIPTION_ID"):
        section = replace(section, subscription=env["AZURE_SUBSCRIPTION_ID"])
    if not section.ca_bundle:
        bundle = env.get("REQUESTS_CA_BUNDLE") or env.get("SSL_CERT_FILE") or ""
        section = replace(section, ca_bundle=bundle)
    return section


DESCRIPTOR = BackendDescriptor(
    name="azure",
    summary="Azure Container Instances",
    factory="acitui.backends.azure.backend:AzureBackend.from_settings",
    settings_cls=AzureSettings,
    words=Words(resource_groups="Resource groups", resource_group="Resource group"),
    options=(
        CliOption(("--subscription",), "subscription", {"help": "Azure subscription id"}),
        CliOption(("--cloud",), "cloud", {"choices": list(CLOUDS)}),
        CliOption(
            ("--arm-endpoint",),
            "arm_endpoint",
            {"metavar": "URL", "help": "ARM endpoint (Azure Stack, emulator)"},
        ),
        CliOption(
            ("--api-version",),
            "api_version",
            {"metavar": "YYYY-MM-DD", "help": "force an ACI api-version (default: newest offered)"},
        ),
        CliOption(
            ("--device-code",),
            "device_code",
            {"action": "store_true", "help": "Azure sign-in with a device code"},
        ),
        CliOption(
            ("--managed-identity",),
            "managed_identity",
            {"action": "store_true", "help": "use Azure managed identity"},
        ),
    ),
    apply_env=_apply_env,
    not_in_file=frozenset({"token", "device_code", "managed_identity"}),
    notes={
        "subscription": "default subscription id",
        "cloud": "AzureCloud, AzureChinaCloud or AzureUSGovernment",
        "arm_endpoint": "Azure Stack Hub or the emulator",
        "ca_bundle": "PEM file; default REQUESTS_CA_BUNDLE / SSL_CERT_FILE",
        "read_only_subscriptions": "subscription ids that are always read-only",
        "api_version": "ACI api-version; empty = newest stable the subscription offers",
    },
)
