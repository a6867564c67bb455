# Sourced by .ci/run (bash): installs PostgreSQL from Debian's packages when missing, starts a throwaway
# cluster as a non-root user on 127.0.0.1 only, creates a database and exports TEST_POSTGRES_URL for
# `npm test`. Safe to source again: it installs nothing twice, and replaces the cluster it started before.
#
# Overridable: PG_CI_PORT (the first port tried, default 54329), PG_CI_USER (default postgres, created if missing).
# The cluster is stopped and removed when the sourcing shell exits (trap on EXIT).

pg_ci_main() {
  local sudo=''
  [ "$(id -u)" = 0 ] || sudo=sudo

  if ! ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if ! apt-cache policy postgresql | grep -q 'Candidate: [0-9]'; then
      $sudo apt-get update -qq
    fi
    # As the official postgres Docker image does: no `main` cluster started on 5432 by the package.
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-common >/dev/null
    $sudo sed -ri 's/^#?\s*(create_main_cluster)\b.*$/\1 = false/' /etc/postgresql-common/createcluster.conf
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  # The newest server installed (a client-only version has no initdb).
  local bin
  bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

  local user=${PG_CI_USER:-postgres}
  local port=${PG_CI_PORT:-54329}
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root; Debian's package creates `postgres`, create it if it is not there.
    id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    as_user() { runuser -u "$user" -- "$@"; }
  else
    user=$(id -un)
    as_user() { "$@"; }
  fi

  PG_CI_DIR=$(mktemp -d /tmp/nmle-pg-ci.XXXXXX)
  chmod 0755 "$PG_CI_DIR"
  if [ "$(id -u)" = 0 ]; then chown "$user" "$PG_CI_DIR"; fi
  # The first free port from PG_CI_PORT on, so that two runs on one machine do not meet.
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

  # Trust for loopback only: pg_hba has no other line, the server listens on 127.0.0.1 and on a socket only its
  # user may open; fsync is off, the data being thrown away.
  as_user "$bin/initdb" -D "$PG_CI_DIR/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_user tee "$PG_CI_DIR/data/pg_hba.conf" >/dev/null
  as_user "$bin/pg_ctl" -D "$PG_CI_DIR/data" -l "$PG_CI_DIR/server.log" -w -t 60 \
    -o "-k $PG_CI_DIR -h 127.0.0.1 -p $port -c fsync=off -c max_connections=200 -c unix_socket_permissions=0700" start >/dev/null
  as_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres nmle_test

  PG_CI_BIN=$bin
  PG_CI_RUN_AS=$user
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/nmle_test"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port as $user: TEST_POSTGRES_URL=$TEST_POSTGRES_URL"
}

pg_ci_down() {
  [ -n "${PG_CI_DIR:-}" ] || return 0
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_CI_RUN_AS" -- "$PG_CI_BIN/pg_ctl" -D "$PG_CI_DIR/data" -m fast stop >/dev/null 2>&1 || true
  else
    "$PG_CI_BIN/pg_ctl" -D "$PG_CI_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_CI_DIR"
  PG_CI_DIR=''
}

# Sourced again in the same shell: the cluster of the first time goes first.
pg_ci_down
pg_ci_main
trap pg_ci_down EXIT
