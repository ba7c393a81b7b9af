"""Azure sign-in: which credential, which cloud, which subscription.

Credentials are tried in order — ``ACITUI_AZURE_TOKEN``, the Azure CLI's
login, an environment service principal, managed identity (only when asked) —
or device code alone when asked for, with the code shown through the
backend's ``notify`` hook and never printed. When nothing works the user gets
one :class:`AuthError` naming what was tried and the fix.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from azure.core.credentials import AccessToken

from acitui.backends.azure import AzureSettings
from acitui.backends.base import Notice, Notifier
from acitui.errors import AuthError, InvalidInputError
from acitui.sanitize import sanitize

#: cloud name (lower case) → (ARM endpoint, Entra ID authority host)
CLOUDS = {
    "azurecloud": ("https://management.azure.com", "login.microsoftonline.com"),
    "azurechinacloud": ("https://management.chinacloudapi.cn", "login.chinacloudapi.cn"),
    "azureusgovernment": ("https://management.usgovcloudapi.net", "login.microsoftonline.us"),
}
DEVICE_LOGIN_URL = "https://microsoft.com/devicelogin"
NO_CREDENTIALS_HINT = (
    "Run `az login --use-device-code` (or `az login`), start acitui with --device-code, "
    "or set ACITUI_AZURE_TOKEN=$(az account get-access-token --query accessToken -o tsv)"
)


def silence_azure_logging() -> None:
    """Azure's and MSAL's loggers must never write over the terminal."""
    for name in ("azure", "msal", "urllib3"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


@dataclass(frozen=True)
class Target:
    """Where ARM is: the endpoint, the token scope, and how to name it."""

    arm_endpoint: str
    scope: str
    authority: str
    label: str


def resolve_target(settings: AzureSettings) -> Target:
    """The ARM endpoint and scope from ``arm_endpoint`` or the cloud. InvalidInputError."""
    cloud = settings.cloud or "AzureCloud"
    known = CLOUDS.get(cloud.lower())
    if settings.arm_endpoint:
        endpoint = settings.arm_endpoint.rstrip("/")
        if not endpoint.lower().startswith("https://"):
            raise InvalidInputError(
                f"ARM endpoint {endpoint!r} is not an https:// URL",
                hint="Azure only sends tokens over TLS; use https:// (and --ca-bundle if needed).",
            )
        authority = known[1] if known else CLOUDS["azurecloud"][1]
        return Target(endpoint, f"{endpoint}/.default", authority, endpoint)
    if known is None:
        raise InvalidInputError(
            f"Unknown Azure cloud {cloud!r}",
            hint="Choose AzureCloud, AzureChinaCloud or AzureUSGovernment, "
            "or give --arm-endpoint for Azure Stack Hub.",
        )
    endpoint, authority = known
    return Target(endpoint, f"{endpoint}/.default", authority, cloud)


def check_ca_bundle(path: str) -> str | None:
    """The CA bundle path to verify TLS with, or None for the system store."""
    if not path:
        return None
    if not Path(path).is_file():
        raise InvalidInputError(
            f"CA bundle {path!r} does not exist",
            hint="Fix --ca-bundle / REQUESTS_CA_BUNDLE / SSL_CERT_FILE, or unset it.",
        )
    return path


def cli_default_subscription() -> str:
    """The Azure CLI's default subscription id, from ``azureProfile.json`` ("" if none)."""
    config_dir = os.environ.get("AZURE_CONFIG_DIR") or str(Path.home() / ".azure")
    try:
        profile = json.loads((Path(config_dir) / "azureProfile.json").read_text("utf-8-sig"))
    except (OSError, ValueError):
        return ""
    subscriptions = profile.get("subscriptions") if isinstance(profile, dict) else None
    for sub in subscriptions if isinstance(subscriptions, list) else []:
        if isinstance(sub, dict) and sub.get("isDefault") and sub.get("id"):
            return str(sub["id"])
    return ""


class StaticTokenCredential:
    """A bearer token given by the user (ACITUI_AZURE_TOKEN); it is never refreshed."""

    def __init__(self, token: str) -> None:
        self._token = token.strip()
        self._expires = _jwt_expiry(self._token) or int(time.time()) + 3600

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, self._expires)

    async def close(self) -> None:
        return None

    def __repr__(self) -> str:
        return "StaticTokenCredential(<hidden>)"


def _jwt_expiry(token: str) -> int | None:
    """The ``exp`` claim of a JWT, if the token is one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = parts[1] + "=" * (-len(parts[1]) % 4)
        exp = json.loads(base64.urlsafe_b64decode(payload)).get("exp")
    except (ValueError, AttributeError):
        return None
    return int(exp) if isinstance(exp, int | float) else None


def run_in_own_thread(fn: Callable[[], Any]) -> Awaitable[Any]:
    """Run a long blocking call (a sign-in that waits for a person) on its own thread."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def _settle(ok: bool, value: Any) -> None:
        if future.done():
            return
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def _run() -> None:
        try:
            result, ok = fn(), True
        except BaseException as exc:  # handed to the awaiting task
            result, ok = exc, False
        try:
            loop.call_soon_threadsafe(_settle, ok, result)
        except RuntimeError:  # the loop closed while a person was signing in
            pass

    threading.Thread(target=_run, name="acitui-azure-sign-in", daemon=True).start()
    return future


class DeviceCodeSignIn:
    """The sync DeviceCodeCredential, run in a thread; the code goes to ``notify``."""

    def __init__(self, authority: str, notify: Callable[[], Notifier]) -> None:
        from azure.identity import DeviceCodeCredential

        self._notify = notify
        self._loop: asyncio.AbstractEventLoop | None = None
        self._credential = DeviceCodeCredential(
            authority=authority, prompt_callback=self._prompt, timeout=900
        )

    def _prompt(self, uri: str, code: str, expires_on: Any) -> None:
        notice = Notice.sign_in("Azure sign-in", sanitize(uri or DEVICE_LOGIN_URL), sanitize(code))
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._notify(), notice)

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self._loop = asyncio.get_running_loop()
        return await run_in_own_thread(lambda: self._credential.get_token(*scopes, **kwargs))

    async def close(self) -> None:
        self._credential.close()


class SignInChain:
    """Tries each credential in turn, remembers the first that works.

    When none does, raises one AuthError listing what was tried and why.
    """

    def __init__(self, attempts: list[tuple[str, Any]]) -> None:
        self._attempts = attempts
        self._chosen: Any = None
        self.method = ""

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        if self._chosen is not None:
            return await self._chosen.get_token(*scopes, **kwargs)
        tried = []
        for label, credential in self._attempts:
            try:
                token = await credential.get_token(*scopes, **kwargs)
            except Exception as exc:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "failed"
                tried.append(f"{label} ({sanitize(reason, max_len=140)})")
                continue
            self._chosen, self.method = credential, label
            return token
        raise AuthError(
            "Could not sign in to Azure; tried " + "; ".join(tried), hint=NO_CREDENTIALS_HINT
        )

    async def close(self) -> None:
        for _, credential in self._attempts:
            try:
                await credential.close()
            except Exception:  # closing must never fail the caller
                pass

    async def __aenter__(self) -> SignInChain:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def build_credential(
    settings: AzureSettings,
    target: Target,
    notify: Callable[[], Notifier],
) -> SignInChain:
    """The credential chain for ``settings`` (no network until a token is needed)."""
    if settings.token:
        return SignInChain([("ACITUI_AZURE_TOKEN", StaticTokenCredential(settings.token))])
    if settings.device_code:
        return SignInChain([("device code", DeviceCodeSignIn(target.authority, notify))])
    from azure.identity.aio import AzureCliCredential, EnvironmentCredential

    attempts: list[tuple[str, Any]] = [
        ("Azure CLI login", AzureCliCredential()),
        ("environment service principal (AZURE_CLIENT_ID…)", EnvironmentCredential()),
    ]
    if settings.managed_identity:
        from azure.identity.aio import ManagedIdentityCredential

        attempts.append(("managed identity", ManagedIdentityCredential()))
    return SignInChain(attempts)
