"""Run every benchmark, each in its own process, and print one results table.

    python3 bench/run_all.py            # the full suite (~6 minutes on 2 cores)
    python3 bench/run_all.py --quick    # shorter runs and smaller loads (~2 minutes)
    python3 bench/run_all.py --only startup,fuzz --markdown /tmp/table.md

Each script can also run alone (``python3 bench/startup.py [--quick]``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["startup", "log_flood", "scale", "azure_follow", "faults", "fuzz"]
#: A script that runs longer than this is stopped (and reported as failed).
TIMEOUT = 600


def markdown(rows: list[dict[str, object]], header: dict[str, str], quick: bool) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    memory = header["free"].splitlines()[1].split()[1] if "\n" in header["free"] else "?"
    out = [
        f"Measured {when}{' (--quick)' if quick else ''} on {header['nproc']} cores "
        f"({header['cpu']}), {memory} RAM; Python {header['python']}, Textual {header['textual']}.",
        "",
        "| bench | figure | measured | goal | |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        mark = {True: "✅", False: "❌", None: ""}[r["ok"]]  # type: ignore[index]
        value = str(r["value"]).replace("|", "\\|")
        note = f" — {r['note']}" if r.get("note") else ""
        out.append(f"| {r['bench']} | {r['figure']} | {value}{note} | {r['goal']} | {mark} |")
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the acitui benchmarks.")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller loads")
    parser.add_argument("--only", help=f"comma-separated subset of {','.join(SCRIPTS)}")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table here")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else SCRIPTS
    unknown = set(chosen) - set(SCRIPTS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    sys.path.insert(0, str(HERE))
    from common import machine

    header = machine()
    print(
        f"acitui benchmarks — {header['nproc']} cores, Python {header['python']}, "
        f"Textual {header['textual']}\n{header['free']}\n",
        flush=True,
    )
    rows: list[dict[str, object]] = []
    started = time.monotonic()
    for name in chosen:
        print(f"== {name}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "rows.json"
            argv = [sys.executable, str(HERE / f"{name}.py"), "--json", str(out)]
            argv += ["--quick"] if args.quick else []
            t0 = time.monotonic()
            try:
                proc = subprocess.run(argv, timeout=TIMEOUT, cwd=HERE.parent)
                code = proc.returncode
            except subprocess.TimeoutExpired:
                code = -1
            if out.exists():
                rows += json.loads(out.read_text())
            if code != 0:
                rows.append(
                    {
                        "bench": name,
                        "figure": "script",
                        "value": f"failed (exit {code})",
                        "goal": "runs",
                        "ok": False,
                    }
                )
            print(f"   ({time.monotonic() - t0:.0f} s)\n", flush=True)
    table = markdown(rows, header, args.quick)
    print(table)
    missed = sum(1 for r in rows if r["ok"] is False)
    print(f"{len(rows)} figures, {missed} missed their goal, {time.monotonic() - started:.0f} s")
    if args.markdown:
        Path(args.markdown).write_text(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
