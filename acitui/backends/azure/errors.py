"""Azure SDK exceptions → acitui's errors, each with a message a person can act on.

``arm_errors(what)`` wraps every SDK call; nothing from azure-core, aiohttp or
azure-identity escapes it. ARM's own messages are sanitised before they are
put into an error, since faces show errors verbatim.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    DecodeError,
    DeserializationError,
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)

from acitui.backends.azure.transport import unexpected_answer
from acitui.errors import (
    AcituiError,
    AuthError,
    BackendError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    ThrottledError,
    UnavailableError,
)
from acitui.sanitize import sanitize

#: What a well-formed HTTP answer with the wrong content raises inside the SDK's deserializer.
WRONG_SHAPE: tuple[type[BaseException], ...] = (
    DeserializationError,
    UnicodeDecodeError,
    RecursionError,
    AttributeError,
    TypeError,
    KeyError,
)

SIGN_IN_HINT = (
    "Sign in again with `az login --use-device-code` (or `az login`), "
    "or set ACITUI_AZURE_TOKEN=$(az account get-access-token --query accessToken -o tsv)"
)


def _arm_message(exc: AzureError) -> tuple[str, str]:
    """ARM's error code and message (sanitised, one line, short)."""
    error = getattr(exc, "error", None)
    code = str(getattr(error, "code", "") or "")
    message = str(getattr(error, "message", "") or "")
    if not message:
        message = str(getattr(exc, "message", "") or exc).splitlines()[0] if str(exc) else ""
    if message.startswith(f"({code})"):
        message = message[len(code) + 2 :].strip()
    message = message.split(" For more details")[0]
    return sanitize(code, max_len=80), sanitize(message, max_len=400)


def _retry_after(exc: HttpResponseError) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("x-ms-retry-after-ms", 0.001)):
        if headers.get(name):
            try:
                return float(headers[name]) * scale
            except ValueError:
                pass
    try:
        return float(headers.get("retry-after", ""))
    except ValueError:
        return None


def translate(exc: BaseException, what: str, endpoint: str = "") -> AcituiError:
    """The acitui error for an SDK/transport failure while doing ``what`` at ``endpoint``."""
    if isinstance(exc, AcituiError):
        return exc
    where = endpoint or "Azure Resource Manager"
    if isinstance(exc, DecodeError):
        return unexpected_answer(where, what, "its body is not valid JSON")
    if isinstance(exc, WRONG_SHAPE):
        return unexpected_answer(where, what, "its JSON does not have the shape ARM sends")
    if isinstance(exc, ResourceNotFoundError):
        code, message = _arm_message(exc)
        if code == "ResourceGroupNotFound":
            return NotFoundError(message or "Resource group not found", hint="Check the name.")
        return NotFoundError(
            f"Could not {what}: it does not exist" + (f" ({message})" if message else ""),
            hint="Check the resource group and name; `acitui groups` lists what exists.",
        )
    if isinstance(exc, ClientAuthenticationError):
        _, message = _arm_message(exc)
        return AuthError(
            f"Azure did not accept the credentials while trying to {what}"
            + (f" ({message})" if message else ""),
            hint=SIGN_IN_HINT,
        )
    if isinstance(exc, HttpResponseError) and not isinstance(exc, DeserializationError):
        return _from_status(exc, what)
    if isinstance(exc, ServiceRequestError | ServiceResponseError | asyncio.TimeoutError | OSError):
        detail = sanitize(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, max_len=200)
        if "certificate" in detail.lower():
            return UnavailableError(
                f"Could not verify the TLS certificate of Azure Resource Manager ({detail})",
                hint="Behind a TLS-inspecting proxy, point REQUESTS_CA_BUNDLE or SSL_CERT_FILE "
                "at its CA bundle (PEM)",
                title="Certificate not trusted",
            )
        return UnavailableError(
            f"Could not reach Azure Resource Manager to {what} ({detail})",
            hint="Check the network, proxy and --arm-endpoint, then refresh.",
        )
    name = type(exc).__name__
    if name.endswith(("ClientError", "ConnectionError")) or "aiohttp" in type(exc).__module__:
        return UnavailableError(f"Connection to Azure failed while trying to {what} ({name})")
    return BackendError(f"{what} failed ({sanitize(str(exc), max_len=300) or name})")


def _from_status(exc: HttpResponseError, what: str) -> AcituiError:
    status = getattr(exc, "status_code", None) or 0
    code, message = _arm_message(exc)
    detail = f" ({code}: {message})" if code and message else (f" ({message})" if message else "")
    if status == 401:
        return AuthError(f"Azure did not accept the credentials{detail}", hint=SIGN_IN_HINT)
    if status == 403:
        return AuthError(
            f"Not authorised to {what}{detail}",
            hint="Ask for a role that allows it (Reader to look, Contributor to change), "
            "or choose another subscription with --subscription",
            title="Not authorised",
        )
    if status == 404:
        return NotFoundError(
            f"Could not {what}: it does not exist{detail}", hint="Check the name and subscription."
        )
    if status == 409:
        return ConflictError(
            f"Azure refused to {what} in the group's current state{detail}",
            hint="Wait for the running operation to finish, refresh, and try again",
        )
    if status == 429:
        retry = _retry_after(exc)
        after = f" in {retry:g} s" if retry else " in a minute"
        return ThrottledError(
            f"Azure is throttling requests; gave up trying to {what} after retries",
            hint=f"Try again{after}; fewer followed logs and a slower refresh use less quota",
        )
    if status >= 500:
        return UnavailableError(
            f"Azure failed to {what} (HTTP {status}){detail}",
            hint="This is on Azure's side; try again shortly",
        )
    if status == 400:
        return InvalidInputError(f"Azure refused to {what}{detail}")
    return BackendError(f"Azure refused to {what} (HTTP {status}){detail}")


@contextmanager
def arm_errors(what: str, endpoint: str = "") -> Iterator[None]:
    """Run SDK calls; re-raise any failure as the matching acitui error (no SDK traceback).

    An answer the SDK cannot deserialize (a wrong JSON shape) is an "unexpected
    answer from ``endpoint``", never an unexpected error.
    """
    try:
        yield
    except AcituiError:
        raise
    except (TimeoutError, AzureError, OSError) as exc:
        raise translate(exc, what, endpoint) from None
    except WRONG_SHAPE as exc:
        raise translate(exc, what, endpoint) from None
    except Exception as exc:
        if "aiohttp" in type(exc).__module__:
            raise translate(exc, what, endpoint) from None
        raise
