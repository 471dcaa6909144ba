# Makes sure a Docker daemon answers: installs Debian's docker.io when missing (as root),
# starts dockerd when it is not running. Sourced by bin/test.

ferry_ensure_docker() {
  if docker info >/dev/null 2>&1; then
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "ferry: the end-to-end tests need Docker; install it (e.g. 'apt-get install docker.io') or run FERRY_SKIP_E2E=1 bin/test" >&2
      return 1
    fi
    echo "ferry: installing docker.io from Debian..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
      echo "ferry: dockerd is not running and only root can start it here" >&2
      return 1
    fi
    echo "ferry: starting dockerd..." >&2
    nohup dockerd >/tmp/ferry-dockerd.log 2>&1 &
  fi
  local i
  for i in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "ferry: dockerd did not answer within 60 s; see /tmp/ferry-dockerd.log" >&2
  return 1
}
