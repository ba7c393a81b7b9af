#!/usr/bin/env bash
# Make a Docker engine reachable for the test suite, installing Debian's docker.io and
# busybox-static when we are root with apt. Nothing is pulled: the tests build their own
# image FROM scratch around busybox-static. Exits non-zero only when an install or start
# it attempted failed; with no engine and no way to start one it warns (the Docker tests
# then skip, or fail when CI is set). ACITUI_PYTHON: the interpreter with docker-py.
set -euo pipefail
py=${ACITUI_PYTHON:-python3}

engine_up() { "$py" - <<'PY' >/dev/null 2>&1
import docker, sys
try:
    docker.from_env(timeout=5).ping()
except Exception:
    sys.exit(1)
PY
}

"$py" -c 'import docker' || { echo "ensure-docker: $py has no docker-py" >&2; exit 1; }
if engine_up && [ -x /bin/busybox ]; then exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    need=()
    [ -x /usr/sbin/dockerd ] || need+=(docker.io)
    [ -x /bin/busybox ] || need+=(busybox-static)
    if [ ${#need[@]} -gt 0 ]; then
        echo "ensure-docker: installing ${need[*]}" >&2
        apt-get update -qq || { echo "ensure-docker: apt-get update failed" >&2; exit 1; }
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || {
            echo "ensure-docker: apt-get install ${need[*]} failed" >&2
            exit 1
        }
    fi
    if ! engine_up && [ -x /usr/sbin/dockerd ]; then
        echo "ensure-docker: starting dockerd (log: /tmp/acitui-dockerd.log)" >&2
        nohup /usr/sbin/dockerd >/tmp/acitui-dockerd.log 2>&1 &
        for _ in $(seq 1 60); do engine_up && break; sleep 0.5; done
        engine_up || { echo "ensure-docker: dockerd did not come up" >&2; exit 1; }
    fi
fi

if engine_up; then exit 0; fi
echo "ensure-docker: no Docker engine reachable; Docker tests will skip (or fail when CI is set)" >&2
exit 0
