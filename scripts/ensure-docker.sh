#!/usr/bin/env bash
# Make a Docker engine reachable for the test suite, installing Debian's
# docker.io and busybox-static when we are root with apt. Nothing is pulled:
# the tests build their own image FROM scratch around busybox-static.
set -uo pipefail

engine_up() { python3 - <<'PY' >/dev/null 2>&1
import docker, sys
try:
    docker.from_env(timeout=5).ping()
except Exception:
    sys.exit(1)
PY
}

if engine_up && [ -x /bin/busybox ]; then exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    need=()
    [ -x /usr/sbin/dockerd ] || need+=(docker.io)
    [ -x /bin/busybox ] || need+=(busybox-static)
    if [ ${#need[@]} -gt 0 ]; then
        echo "ensure-docker: installing ${need[*]}" >&2
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
            || echo "ensure-docker: apt-get install ${need[*]} failed" >&2
    fi
    if ! engine_up && [ -x /usr/sbin/dockerd ]; then
        echo "ensure-docker: starting dockerd" >&2
        nohup /usr/sbin/dockerd >/tmp/acitui-dockerd.log 2>&1 &
        for _ in $(seq 1 60); do engine_up && break; sleep 0.5; done
    fi
fi

if engine_up; then exit 0; fi
echo "ensure-docker: no Docker engine reachable; Docker tests will skip (or fail when CI is set)" >&2
exit 0
