#!/bin/sh
# Run a command (the test suite) beside a throw-away PostgreSQL server, so that the diary store's tests run
# against real PostgreSQL as well as SQLite. The server lives in a temporary folder, listens on loopback
# only (a free port, plus a unix socket in that folder), trusts local connections, and is stopped and
# deleted when the command ends, whatever happens. The command sees
#   NUTRIGAP_TEST_PG_URL=postgresql+psycopg://nutrigap@127.0.0.1:PORT/nutrigap_test
#
# Without PostgreSQL (and no root to install it) the command runs without the variable and the PostgreSQL
# tests are skipped with that reason; with NUTRIGAP_REQUIRE_POSTGRES=1 (CI) they fail instead.
# A server of your own: set NUTRIGAP_TEST_PG_URL yourself and this script only runs the command.
set -u

if [ -n "${NUTRIGAP_TEST_PG_URL:-}" ]; then
  exec "$@"
fi

say() { echo "with_postgres: $*" >&2; }

find_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return 0
  fi
  # Debian/Ubuntu keep the server programs out of PATH, one folder per major version: take the newest.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing PostgreSQL (Debian package postgresql) for the database tests"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 || {
    apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1
  }
  BINDIR=$(find_bindir || true)
fi
if [ -z "$BINDIR" ]; then
  say "PostgreSQL is not installed (sudo apt-get install postgresql); its tests will be skipped"
  exec "$@"
fi

# PostgreSQL refuses to run as root: as root, the server runs as the 'postgres' system user.
AS=""
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    say "running as root and there is no 'postgres' user to run the server as; its tests will be skipped"
    exec "$@"
  fi
  if command -v runuser >/dev/null 2>&1; then
    AS=runuser
  else
    AS=su
  fi
fi
as_server() {
  if [ -z "$AS" ]; then
    "$@"
  elif [ "$AS" = runuser ]; then
    runuser -u postgres -- "$@"
  else
    # su takes one command string; every argument here is a path, a number or a fixed word (no quoting needed)
    su postgres -s /bin/sh -c "$*"
  fi
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nutrigap-pg.XXXXXX")
chmod 700 "$TMP"
[ -n "$AS" ] && chown postgres "$TMP"
PGDATA="$TMP/data"
stop_server() {
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_server "$BINDIR/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Sort text the way a typical server does (ICU, English: "apple" before "Zwieback"), not by byte value like
# SQLite, so that the tests see any difference in order; older servers without ICU take their default.
if ! as_server "$BINDIR/initdb" -D "$PGDATA" -U nutrigap -A trust -E UTF8 --no-sync \
  --locale=C.UTF-8 --locale-provider=icu --icu-locale=en-US >"$TMP/initdb.log" 2>&1; then
  rm -rf "$PGDATA"
  if ! as_server "$BINDIR/initdb" -D "$PGDATA" -U nutrigap -A trust -E UTF8 --no-sync >"$TMP/initdb.log" 2>&1; then
    say "initdb failed:"
    cat "$TMP/initdb.log" >&2
    exit 1
  fi
fi
# A test server: durability settings off for speed (the SQLite tests cover crash safety), loopback only.
if ! as_server "$BINDIR/pg_ctl" -D "$PGDATA" -l "$TMP/server.log" -w -t 60 \
  -o "-p $PORT -k $TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null; then
  say "the PostgreSQL server did not start:"
  cat "$TMP/server.log" >&2
  exit 1
fi
if ! as_server "$BINDIR/createdb" -h "$TMP" -p "$PORT" -U nutrigap nutrigap_test; then
  say "could not create the test database"
  exit 1
fi
say "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $TMP)"

export NUTRIGAP_TEST_PG_URL="postgresql+psycopg://nutrigap@127.0.0.1:$PORT/nutrigap_test"
"$@"
exit $?
