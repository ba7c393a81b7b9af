"""``acitui emulator``: run the ACI emulator on its own for another terminal or a script."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from acitui.emulator.versions import STABLE
from acitui.errors import AcituiError

if TYPE_CHECKING:
    from acitui.emulator.server import Emulator


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="acitui emulator",
        description=(
            "Serve a local stand-in for Azure Container Instances' ARM API over HTTPS. "
            "Requests must carry the printed token; trust the printed CA file."
        ),
        epilog="example: acitui emulator --port 8443 --groups 500 --resource-groups 5",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=0, help="port (default: pick a free one)")
    parser.add_argument(
        "--seed",
        choices=("demo", "demo-classic", "empty"),
        default="demo",
        help="initial fleet (demo: with an NGroup, Spot and Confidential groups; "
        "demo-classic: without them)",
    )
    parser.add_argument("--groups", type=int, default=0, metavar="N", help="add N generated groups")
    parser.add_argument(
        "--resource-groups", type=int, default=1, metavar="N", help="spread --groups over N"
    )
    parser.add_argument("--token", default=None, help="bearer token to require (default: random)")
    parser.add_argument(
        "--api-version",
        action="append",
        choices=STABLE,
        metavar="V",
        help=f"serve only this ACI api-version (repeatable; default: all of {', '.join(STABLE)})",
    )
    parser.add_argument("--latency", type=float, default=0.0, metavar="S", help="delay per request")
    parser.add_argument(
        "--throttle-every", type=int, default=0, metavar="N", help="answer every Nth request 429"
    )
    parser.add_argument(
        "--fail-every", type=int, default=0, metavar="N", help="answer every Nth request 500"
    )
    return parser


def is_loopback(host: str) -> bool:
    """True for a loopback address or ``localhost``; False for 0.0.0.0, :: and real interfaces."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _usage_line(endpoint: str, token: str, ca_file: str, subscription: str) -> str:
    q = shlex.quote
    return (
        f"ACITUI_AZURE_TOKEN={q(token)} REQUESTS_CA_BUNDLE={q(ca_file)} "
        f"acitui --backend azure --arm-endpoint {q(endpoint)} "
        f"--subscription {q(subscription)} groups"
    )


def _seed(name: str) -> Callable[[Emulator], None] | None:
    """The seed function for a ``--seed`` choice."""
    from acitui.emulator import demo

    return {"demo": demo.seed_full_demo, "demo-classic": demo.seed_demo, "empty": None}[name]


def main(argv: list[str]) -> int:
    """Run until Ctrl-C (or SIGTERM); 0 on a clean stop, 2 when it cannot listen."""
    args = _parser().parse_args(argv)
    for name in ("port", "groups", "resource_groups", "throttle_every", "fail_every"):
        if getattr(args, name) < 0:
            print(
                f"acitui emulator: --{name.replace('_', '-')} must not be negative", file=sys.stderr
            )
            return 2
    if not is_loopback(args.host):
        print(
            f"acitui emulator: warning: listening on {args.host}, not loopback — other machines "
            "can reach this test-grade API (token-protected, but not hardened); "
            "use --host 127.0.0.1 unless you mean it",
            file=sys.stderr,
        )
    from acitui.emulator import Emulator, Faults

    faults = Faults()
    faults.latency = args.latency
    faults.throttle_every = args.throttle_every
    faults.fail_every = args.fail_every
    emu = Emulator(
        seed=_seed(args.seed),
        groups=args.groups,
        resource_groups=args.resource_groups,
        host=args.host,
        port=args.port,
        token=args.token,
        faults=faults,
        api_versions=tuple(sorted(set(args.api_version))) if args.api_version else STABLE,
    )
    try:
        emu.start()
    except AcituiError as err:
        print(f"acitui emulator: {err}", file=sys.stderr)
        return 2
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # Ctrl-C must stop us even when started from a shell that ignores SIGINT in the background.
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        n_rgs, n_groups = emu.store.counts()
        print(
            f"acitui ACI emulator listening on {emu.endpoint} "
            f"({n_groups} container groups in {n_rgs} resource groups)\n"
            f"  api-versions: {', '.join(emu.api_versions)}\n"
            f"  subscription: {emu.subscription_id}\n"
            f"  token:        {emu.token}\n"
            f"  CA file:      {emu.ca_file}\n\n"
            "In another terminal:\n"
            f"  {_usage_line(emu.endpoint, emu.token, emu.ca_file, emu.subscription_id)}\n\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        emu.stop()
    print("emulator stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
