#!/usr/bin/env bash
# A throw-away PostgreSQL server for the store tests.
#
#   url=$(bash .ci/pg.sh start)   # prints postgresql://postgres@127.0.0.1:PORT/strikewatch_test
#   export STRIKEWATCH_TEST_PG_URL=$url
#   ...run tests...
#   bash .ci/pg.sh stop
#
# Installs Debian's postgresql with apt-get when no initdb/pg_ctl is found (CI machines are
# bare), makes a cluster in a temp folder owned by the `postgres` user (initdb refuses to
# run as root), listens on 127.0.0.1 on a free port only, with trust auth and durability
# switched off (it is thrown away). The URL is also written to $STATE_DIR/url; `url` prints it.
# Everything but the URL goes to stderr.
set -euo pipefail

STATE_FILE="${STRIKEWATCH_PG_STATE:-${TMPDIR:-/tmp}/strikewatch-pg.state}"
DB_NAME="${STRIKEWATCH_PG_DB:-strikewatch_test}"

log() { echo "pg.sh: $*" >&2; }

find_bin() {
    local d
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        d="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
        # (a wrapper script on PATH would resolve elsewhere: then search below)
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
            echo "$d"
            return 0
        fi
    fi
    # Debian keeps the server binaries off PATH; take the newest version.
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

install_pg() {
    if [ "$(id -u)" != 0 ]; then
        log "no PostgreSQL binaries and not root: cannot apt-get install postgresql"
        exit 1
    fi
    log "installing postgresql with apt-get"
    # Don't let the package create and start its own default cluster.
    mkdir -p /etc/postgresql-common
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
}

free_port() {
    local py
    py="$(command -v python3 || command -v python || true)"
    if [ -n "$py" ]; then
        "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for p in $(seq 54329 54399); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    log "no free port found"
    exit 1
}

# Run a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() {
    [ -f "$STATE_FILE" ] || return 1
    # shellcheck disable=SC1090
    . "$STATE_FILE"
    [ -n "${PGDIR:-}" ] && [ -d "$PGDIR/data" ] && as_owner "$PGBIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1
}

start() {
    if running; then
        log "already running"
        echo "$PGURL"
        return 0
    fi
    local bin dir port url
    bin="$(find_bin || true)"
    if [ -z "$bin" ]; then
        install_pg
        bin="$(find_bin)"
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    dir="$(mktemp -d "${TMPDIR:-/tmp}/strikewatch-pg.XXXXXX")"
    chmod 755 "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
    fi
    port="$(free_port)"
    log "cluster in $dir (binaries $bin), port $port"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >&2 || {
        cat "$dir/server.log" >&2
        exit 1
    }
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME" >&2 2>/dev/null ||
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME" >&2
    url="postgresql://postgres@127.0.0.1:$port/$DB_NAME"
    {
        echo "PGDIR=$dir"
        echo "PGBIN=$bin"
        echo "PGPORT=$port"
        echo "PGURL=$url"
    } >"$STATE_FILE"
    echo "$url" >"$dir/url"
    echo "$url"
}

stop() {
    if [ ! -f "$STATE_FILE" ]; then
        log "not running"
        return 0
    fi
    # shellcheck disable=SC1090
    . "$STATE_FILE"
    if [ -n "${PGDIR:-}" ] && [ -d "$PGDIR/data" ]; then
        as_owner "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >&2 || true
    fi
    case "${PGDIR:-}" in
        "${TMPDIR:-/tmp}"/strikewatch-pg.*) rm -rf "$PGDIR" ;;
    esac
    rm -f "$STATE_FILE"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url)
        running || { log "not running"; exit 1; }
        echo "$PGURL"
        ;;
    *)
        echo "usage: $0 start|stop|url" >&2
        exit 2
        ;;
esac
