#!/usr/bin/env bash
# Local infrastructure for development and CI: Apache Kafka (KRaft, single node)
# and a MongoDB-wire-compatible document store (FerretDB embedded, over a local
# PostgreSQL 15 by default, or SQLite). No Docker. See
# docs/adr/0002-local-infrastructure.md and docs/adr/0013-embedded-store-postgresql.md.
#
#   deploy/local/infra.sh up       fetch/build what is missing, start, wait until both answer
#   deploy/local/infra.sh down     stop all (SIGTERM/SIGINT, then SIGKILL after a timeout)
#   deploy/local/infra.sh status   show processes and whether they answer (exit 0 iff both answer)
#   deploy/local/infra.sh prepare  only fetch/build/format (no start): warms caches, e.g. in CI
#
# `up` prints, on stdout and nothing else:
#   KAFKA_BROKERS=127.0.0.1:19092
#   MONGO_URL=mongodb://127.0.0.1:27117
# (progress goes to stderr), so `export $(deploy/local/infra.sh up)` works.
#
# External mode: when KAFKA_BROKERS and MONGO_URL are both set and point anywhere
# other than the local defaults above, nothing is fetched, built or started: `up`
# only waits until those endpoints answer, and `down` does nothing.
#
# State lives in <repo>/.local/ (override: LOCAL_INFRA_DIR): kafka-libs/,
# kafka-data/, pg-data/ and pg-run/ (PostgreSQL), docstore-data/ (SQLite),
# bin/docstore, pids/, logs/.
# Document store knobs:
#   DOCSTORE_BACKEND   postgresql (default) or sqlite; switching needs down + up
#   DOCSTORE_PORT      MongoDB-wire port (default 27117)
#   DOCSTORE_PG_PORT   PostgreSQL port on 127.0.0.1 (default 15432)
#   DOCSTORE_PG_POOL   FerretDB's PostgreSQL pool, pool_max_conns (default 200)
#   PG_BINDIR          PostgreSQL server binaries (default: newest /usr/lib/postgresql/*/bin)
# Other knobs: INFRA_SERVICES (default "kafka docstore"; "docstore" alone runs
# only the store), INFRA_TIMEOUT (readiness wait, s, default 120),
# KAFKA_HEAP_OPTS (default "-Xmx512m -Xms256m").
#
# PostgreSQL refuses to run as root: as root, initdb and postgres run as the
# `postgres` system user (Debian's postgresql package creates it), which must
# be able to traverse the path to the state directory (`up` adds o+x where it
# is missing, and says so).
#
# Needs: bash, java (17+), node (20+) with the repo's node_modules installed
# (kafkajs, mongodb), PostgreSQL 15 server binaries (Debian: apt-get install
# postgresql) unless DOCSTORE_BACKEND=sqlite, and on a cold cache mvn (Kafka
# jars) and go (docstore).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd -P)
STATE=${LOCAL_INFRA_DIR:-$REPO/.local}

KAFKA_HOST=127.0.0.1
KAFKA_PORT=19092
KAFKA_CONTROLLER_PORT=19093
MONGO_HOST=127.0.0.1
MONGO_PORT=${DOCSTORE_PORT:-27117}
BACKEND=${DOCSTORE_BACKEND:-postgresql}
PG_HOST=127.0.0.1
PG_PORT=${DOCSTORE_PG_PORT:-15432}
PG_DB=ferretdb
PG_POOL=${DOCSTORE_PG_POOL:-200}
SERVICES=" ${INFRA_SERVICES:-kafka docstore} "
LOCAL_KAFKA_BROKERS=$KAFKA_HOST:$KAFKA_PORT
LOCAL_MONGO_URL=mongodb://$MONGO_HOST:$MONGO_PORT

TIMEOUT=${INFRA_TIMEOUT:-120}
KAFKA_STOP_TIMEOUT=30
DOCSTORE_STOP_TIMEOUT=15
PG_STOP_TIMEOUT=30

LIBS=$STATE/kafka-libs
KAFKA_DATA=$STATE/kafka-data
KAFKA_PROPS=$STATE/kafka-server.properties
KAFKA_CLUSTER_ID_FILE=$STATE/kafka-cluster-id
DOCSTORE_DATA=$STATE/docstore-data
PG_DATA=$STATE/pg-data
PG_RUN=$STATE/pg-run
BACKEND_FILE=$STATE/docstore.backend
BIN=$STATE/bin/docstore
PIDS=$STATE/pids
LOGS=$STATE/logs

log() { printf 'infra: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# Print the last lines of a log file to stderr, framed.
show_log() {
  local f=$1 n=${2:-40}
  [[ -s $f ]] || return 0
  log "---- last $n lines of $f ----"
  tail -n "$n" "$f" >&2 || true
  log "---- end of $f ----"
}

now_ms() { date +%s%3N; }
elapsed() {
  local ms=$(($(now_ms) - $1))
  printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100))
}

# External mode: both set, and not simply the local defaults echoed back
# (a developer who exported the output of `up` still gets local servers).
external_mode() {
  [[ -n ${KAFKA_BROKERS:-} && -n ${MONGO_URL:-} ]] &&
    [[ $KAFKA_BROKERS != "$LOCAL_KAFKA_BROKERS" || $MONGO_URL != "$LOCAL_MONGO_URL" ]]
}

# ---------------------------------------------------------------- processes

# alive PID: process exists and is not a zombie.
alive() {
  local pid=$1 st
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/stat ]]; then
    st=$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ $st != Z ]] || return 1
  fi
  return 0
}

# Marker that must appear in the process's command line, so that a stale pid
# file whose pid got reused by an unrelated process is not mistaken for ours.
marker() {
  case $1 in
    kafka) echo "kafka.Kafka $KAFKA_PROPS" ;;
    docstore) echo "$BIN" ;;
    postgres) echo "postgres -D $PG_DATA" ;;
  esac
}

# running_pid NAME: print the pid of our running server NAME, or fail.
running_pid() {
  local f=$PIDS/$1.pid pid cmd
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  if [[ -r /proc/$pid/cmdline ]]; then
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmd == *"$(marker "$1")"* ]] || return 1
  fi
  echo "$pid"
}

port_in_use() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# start_bg NAME LOGFILE CMD...: start CMD detached (own session, no stdin,
# reparented to init) and record its pid in pids/NAME.pid.
start_bg() {
  local name=$1 logfile=$2 pidfile=$PIDS/$1.pid i
  shift 2
  rm -f "$pidfile"
  local launcher=(nohup)
  command -v setsid >/dev/null 2>&1 && launcher+=(setsid)
  # The inner bash writes its own pid, then execs the server: same pid.
  # shellcheck disable=SC2016
  (
    cd "$STATE"
    "${launcher[@]}" bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
      </dev/null >>"$logfile" 2>&1 9>&- &
  )
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidfile ]] && break
    sleep 0.1
  done
  [[ -s $pidfile ]] || die "$name did not start (no pid file); see $logfile"
}

# stop NAME TIMEOUT [SIGNAL]
stop() {
  local name=$1 t=$2 sig=${3:-TERM} pid i
  if ! pid=$(running_pid "$name"); then
    rm -f "$PIDS/$name.pid"
    log "$name: not running"
    return 0
  fi
  log "$name: stopping pid $pid (SIG$sig)"
  kill -"$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < t * 10; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    log "$name: still running after ${t}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
  fi
  alive "$pid" && die "$name: pid $pid would not die"
  rm -f "$PIDS/$name.pid"
  log "$name: stopped"
}

# ---------------------------------------------------------------- preparation

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found in PATH ($2)"
}

kafka_libs_ok() {
  local sum
  sum=$(sha256sum "$SCRIPT_DIR/kafka/pom.xml" | cut -d' ' -f1)
  [[ -f $LIBS/.complete && "$(<"$LIBS/.complete")" == "$sum" ]]
}

fetch_kafka_libs() {
  if kafka_libs_ok; then
    return 0
  fi
  if [[ -d $LIBS ]] && running_pid kafka >/dev/null; then
    log "kafka: deploy/local/kafka/pom.xml changed but Kafka is running; run 'down' then 'up' to switch jars"
    return 0
  fi
  need mvn "Maven is needed once to fetch the Kafka jars"
  local t0 sum flog=$LOGS/kafka-fetch.log
  t0=$(now_ms)
  log "kafka: fetching broker jars with Maven (log: $flog)"
  rm -rf "$LIBS.tmp"
  if ! mvn -q -B -Dstyle.color=never -f "$SCRIPT_DIR/kafka/pom.xml" \
    dependency:copy-dependencies -DoutputDirectory="$LIBS.tmp" </dev/null >"$flog" 2>&1; then
    show_log "$flog"
    die "kafka: Maven could not fetch the broker jars; see $flog"
  fi
  compgen -G "$LIBS.tmp/kafka_2.13-*.jar" >/dev/null || die "kafka: no kafka_2.13 jar after fetch; see $flog"
  sum=$(sha256sum "$SCRIPT_DIR/kafka/pom.xml" | cut -d' ' -f1)
  echo "$sum" >"$LIBS.tmp/.complete"
  rm -rf "$LIBS"
  mv "$LIBS.tmp" "$LIBS"
  log "kafka: jars ready in $(elapsed "$t0")"
}

docstore_needs_build() {
  [[ -x $BIN ]] || return 0
  [[ -n $(find "$SCRIPT_DIR/docstore" -maxdepth 1 -type f \
    \( -name '*.go' -o -name go.mod -o -name go.sum \) -newer "$BIN" -print -quit) ]]
}

# The docstore build runs in the background, in its own session/process group
# (so that a failing `up` can stop the whole `go build` tree), while Kafka is
# fetched and started.
BUILD_PID=''

start_docstore_build() {
  mkdir -p "$(dirname "$BIN")"
  rm -f "$BIN.tmp"
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid -w)
  # shellcheck disable=SC2016
  "${launcher[@]}" bash -c 'cd "$0" && exec go build -buildvcs=false -o "$1" .' \
    "$SCRIPT_DIR/docstore" "$BIN.tmp" </dev/null >"$LOGS/docstore-build.log" 2>&1 9>&- &
  BUILD_PID=$!
  BUILD_T0=$(now_ms)
}

finish_docstore_build() {
  local rc=0
  wait "$BUILD_PID" || rc=$?
  BUILD_PID=''
  if [[ $rc -ne 0 || ! -s $BIN.tmp ]]; then
    show_log "$LOGS/docstore-build.log"
    die "docstore: go build failed (exit $rc); see $LOGS/docstore-build.log"
  fi
  mv -f "$BIN.tmp" "$BIN"
  log "docstore: built in $(elapsed "$BUILD_T0")"
}

# On any exit (e.g. a `die` while Kafka is being fetched), stop a build still running.
cleanup() {
  if [[ -n $BUILD_PID ]] && alive "$BUILD_PID"; then
    kill -TERM -- "-$BUILD_PID" 2>/dev/null || kill -TERM "$BUILD_PID" 2>/dev/null || true
    rm -f "$BIN.tmp"
  fi
}
trap cleanup EXIT

render_kafka_props() {
  local tmp=$KAFKA_PROPS.tmp
  sed -e "s|@KAFKA_DATA@|$KAFKA_DATA|g" "$SCRIPT_DIR/kafka/server.properties.template" >"$tmp"
  if [[ -f $KAFKA_PROPS ]] && cmp -s "$tmp" "$KAFKA_PROPS"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$KAFKA_PROPS"
  fi
}

# kafka_cmd: set KAFKA_CMD to the java command line (without main class).
kafka_cmd() {
  local heap
  read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
  KAFKA_CMD=(java "${heap[@]}" -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    -Dkafka.logs.dir="$LOGS" -Dlog4j.configuration="file:$SCRIPT_DIR/kafka/log4j.properties"
    -cp "$LIBS/*")
}

kafka_java() {
  kafka_cmd
  "${KAFKA_CMD[@]}" "$@"
}

format_kafka_storage() {
  [[ -f $KAFKA_DATA/meta.properties ]] && return 0
  local id t0 flog=$LOGS/kafka-format.log
  t0=$(now_ms)
  if [[ ! -s $KAFKA_CLUSTER_ID_FILE ]]; then
    id=$(KAFKA_HEAP_OPTS="-Xmx128m" kafka_java kafka.tools.StorageTool random-uuid 2>>"$flog" | tail -n 1) ||
      die "kafka: could not generate a cluster id; see $flog"
    [[ $id =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: unexpected cluster id '$id'; see $flog"
    echo "$id" >"$KAFKA_CLUSTER_ID_FILE"
  fi
  id=$(<"$KAFKA_CLUSTER_ID_FILE")
  log "kafka: formatting storage $KAFKA_DATA (cluster id $id)"
  if ! KAFKA_HEAP_OPTS="-Xmx256m" kafka_java kafka.tools.StorageTool format \
    -t "$id" -c "$KAFKA_PROPS" </dev/null >>"$flog" 2>&1; then
    show_log "$flog"
    die "kafka: storage format failed; see $flog"
  fi
  log "kafka: storage formatted in $(elapsed "$t0")"
}

start_kafka() {
  local pid
  if pid=$(running_pid kafka); then
    log "kafka: already running (pid $pid)"
    return 0
  fi
  if port_in_use "$KAFKA_HOST" "$KAFKA_PORT" || port_in_use "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
    die "kafka: port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT is already in use by a process this checkout did not start (another checkout's infra? stop it with its 'infra.sh down')"
  fi
  kafka_cmd
  start_bg kafka "$LOGS/kafka.out" "${KAFKA_CMD[@]}" kafka.Kafka "$KAFKA_PROPS"
  log "kafka: started pid $(<"$PIDS/kafka.pid") (logs: $LOGS/kafka-server.log, $LOGS/kafka.out)"
}

start_docstore() {
  local pid
  if pid=$(running_pid docstore); then
    local was
    was=$(running_backend)
    if [[ $was != "$BACKEND" ]]; then
      log "docstore: already running (pid $pid) with the $was backend, not $BACKEND; run 'down' then 'up' to switch"
    else
      log "docstore: already running (pid $pid, $was backend)"
    fi
    return 0
  fi
  if port_in_use "$MONGO_HOST" "$MONGO_PORT"; then
    die "docstore: port $MONGO_PORT is already in use by a process this checkout did not start (another checkout's infra? stop it with its 'infra.sh down')"
  fi
  local args=(-listen "$MONGO_HOST:$MONGO_PORT" -backend "$BACKEND")
  if [[ $BACKEND == postgresql ]]; then
    # pool_max_conns: see docs/adr/0013-embedded-store-postgresql.md (an update
    # command holds one connection per statement until it ends).
    args+=(-postgresql-url "postgres://postgres@$PG_HOST:$PG_PORT/$PG_DB?sslmode=disable&pool_max_conns=$PG_POOL&pool_max_conn_idle_time=1m&plan_cache_mode=force_custom_plan")
  else
    args+=(-data "$DOCSTORE_DATA")
  fi
  echo "$BACKEND" >"$BACKEND_FILE"
  start_bg docstore "$LOGS/docstore.log" "$BIN" "${args[@]}"
  log "docstore: started pid $(<"$PIDS/docstore.pid"), $BACKEND backend (log: $LOGS/docstore.log)"
}

# ---------------------------------------------------------------- PostgreSQL

has_service() { [[ $SERVICES == *" $1 "* ]]; }

# running_backend: print the backend of the running docstore, or fail.
running_backend() {
  running_pid docstore >/dev/null || return 1
  if [[ -s $BACKEND_FILE ]]; then cat "$BACKEND_FILE"; else echo sqlite; fi
}

# use_pg: PostgreSQL is wanted, unless a docstore on another backend is still
# running (then `up` leaves everything as it is and says how to switch).
use_pg() {
  local running
  has_service docstore && [[ $BACKEND == postgresql ]] || return 1
  running=$(running_backend) || return 0
  [[ $running == postgresql ]]
}

check_backend() {
  case $BACKEND in
    postgresql | sqlite) ;;
    *) die "DOCSTORE_BACKEND must be postgresql or sqlite, not '$BACKEND'" ;;
  esac
}

# find_pg: set PG_BIN to the directory holding initdb/postgres/pg_isready/psql.
find_pg() {
  local d
  PG_BIN=${PG_BINDIR:-}
  if [[ -z $PG_BIN ]]; then
    for d in $(compgen -G '/usr/lib/postgresql/*/bin' | sort -t/ -k5,5nr); do
      [[ -x $d/postgres ]] && PG_BIN=$d && break
    done
  fi
  [[ -n $PG_BIN && -x $PG_BIN/postgres && -x $PG_BIN/initdb ]] ||
    die "PostgreSQL server binaries not found (install Debian's 'postgresql' package, set PG_BINDIR, or use DOCSTORE_BACKEND=sqlite)"
}

# PostgreSQL refuses to run as root; as root it runs as the `postgres` user.
pg_user() {
  if [[ $EUID -eq 0 ]]; then echo postgres; else id -un; fi
}

# as_pg CMD...: run CMD as the PostgreSQL user; exec-style (same pid).
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

# The PostgreSQL user must reach $STATE: add the traverse bit (o+x, not read)
# on each directory of the path it cannot enter, top-down.
pg_grant_traverse() {
  [[ $EUID -eq 0 ]] || return 0
  id -u postgres >/dev/null 2>&1 ||
    die "user 'postgres' does not exist (install Debian's 'postgresql' package, or use DOCSTORE_BACKEND=sqlite)"
  as_pg test -x "$STATE" 2>/dev/null && return 0
  local d='' part
  local -a parts
  IFS=/ read -r -a parts <<<"${STATE#/}"
  for part in "${parts[@]}"; do
    d=$d/$part
    if ! as_pg test -x "$d" 2>/dev/null; then
      chmod o+x "$d"
      log "postgres: granted traverse (o+x) on $d so that user postgres can reach $STATE"
    fi
  done
}

pg_init() {
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  local t0 flog=$LOGS/postgresql-initdb.log
  t0=$(now_ms)
  pg_grant_traverse
  rm -rf "$PG_DATA"
  mkdir -p "$PG_DATA"
  chmod 700 "$PG_DATA"
  [[ $EUID -ne 0 ]] || chown postgres:postgres "$PG_DATA"
  log "postgres: initdb $PG_DATA (user $(pg_user); log: $flog)"
  # C locale and UTF8: the only combination FerretDB accepts that every
  # machine has. trust auth: loopback and a private socket directory only.
  if ! (cd "$PG_DATA" && as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C) </dev/null >"$flog" 2>&1; then
    show_log "$flog"
    die "postgres: initdb failed; see $flog"
  fi
  echo "include_if_exists = 'docstore.conf'" >>"$PG_DATA/postgresql.conf"
  log "postgres: initialised in $(elapsed "$t0")"
}

start_postgres() {
  local pid sock=$PG_RUN
  if pid=$(running_pid postgres); then
    log "postgres: already running (pid $pid)"
    return 0
  fi
  if port_in_use "$PG_HOST" "$PG_PORT"; then
    die "postgres: port $PG_PORT is already in use by a process this checkout did not start (set DOCSTORE_PG_PORT, or stop it)"
  fi
  pg_grant_traverse
  mkdir -p "$PG_RUN"
  [[ $EUID -ne 0 ]] || chown postgres:postgres "$PG_RUN" "$PG_DATA"
  # Unix socket paths are limited to 107 bytes; a deep checkout uses TCP only.
  ((${#PG_RUN} + 20 < 107)) || sock=''
  cp "$SCRIPT_DIR/docstore/postgresql.conf" "$PG_DATA/docstore.conf"
  [[ $EUID -ne 0 ]] || chown postgres:postgres "$PG_DATA/docstore.conf"
  local launcher=()
  [[ $EUID -ne 0 ]] || launcher=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  start_bg postgres "$LOGS/postgresql.log" "${launcher[@]}" "$PG_BIN/postgres" -D "$PG_DATA" \
    -c port="$PG_PORT" -c listen_addresses="$PG_HOST" -c unix_socket_directories="$sock"
  log "postgres: started pid $(<"$PIDS/postgres.pid") on $PG_HOST:$PG_PORT (log: $LOGS/postgresql.log)"
}

psql_pg() { "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"; }

# wait_postgres PID: until it accepts connections, then make sure the
# docstore's database exists with plan_cache_mode set.
wait_postgres() {
  local pid=$1 i out
  for ((i = 0; i < TIMEOUT * 5; i++)); do
    "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -t 1 && break
    alive "$pid" || {
      show_log "$LOGS/postgresql.log"
      die "postgres: exited during start; see $LOGS/postgresql.log"
    }
    sleep 0.2
  done
  "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -t 1 || {
    show_log "$LOGS/postgresql.log"
    die "postgres: not accepting connections after ${TIMEOUT}s; see $LOGS/postgresql.log"
  }
  out=$(psql_pg -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'") ||
    die "postgres: cannot query the server; see $LOGS/postgresql.log"
  if [[ $out != 1 ]]; then
    psql_pg -d postgres -c "CREATE DATABASE $PG_DB" || die "postgres: cannot create database $PG_DB"
    log "postgres: created database $PG_DB"
  fi
  psql_pg -d postgres -c "ALTER DATABASE $PG_DB SET plan_cache_mode = force_custom_plan" ||
    die "postgres: cannot set plan_cache_mode on $PG_DB"
}

# wait_ready [extra wait-ready.mjs args...]
wait_ready() {
  need node "Node.js is needed for the readiness check"
  local rc=0
  node "$SCRIPT_DIR/wait-ready.mjs" "$@" >&2 || rc=$?
  return "$rc"
}

print_env() {
  has_service kafka && echo "KAFKA_BROKERS=$1"
  has_service docstore && echo "MONGO_URL=$2"
  return 0
}

lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  if command -v flock >/dev/null 2>&1; then
    if ! flock -n 9; then
      log "waiting for another infra.sh run to finish (lock $STATE/.lock)"
      flock -w 300 9 || die "another infra.sh is still running after 300s (lock $STATE/.lock)"
    fi
  fi
}

# ---------------------------------------------------------------- commands

# prepare [start]: fetch the Kafka jars, build docstore, format Kafka storage;
# with "start", also start both servers (Kafka starts while docstore builds).
prepare() {
  local start=${1:-} dpid
  lock
  check_backend
  mkdir -p "$STATE/bin" "$PIDS" "$LOGS"
  has_service kafka && mkdir -p "$KAFKA_DATA" && need java "a Java 17+ runtime runs the Kafka broker"
  use_pg && find_pg

  # The docstore build (slowest step on a cold cache) runs in the background
  # while Kafka is fetched, formatted and started and PostgreSQL initialised:
  # good overlap on 2 cores.
  if has_service docstore && docstore_needs_build; then
    need go "Go builds the docstore binary"
    log "docstore: building $BIN (log: $LOGS/docstore-build.log)"
    start_docstore_build
  fi

  if has_service kafka; then
    fetch_kafka_libs
    render_kafka_props
    format_kafka_storage
    [[ -z $start ]] || start_kafka
  fi
  if use_pg; then
    pg_init
    [[ -z $start ]] || start_postgres
  elif has_service docstore; then
    mkdir -p "$DOCSTORE_DATA"
  fi

  if [[ -n $BUILD_PID ]]; then
    finish_docstore_build
    if dpid=$(running_pid docstore); then
      log "docstore: binary rebuilt, but the running server (pid $dpid) uses the old one; run 'down' then 'up' to switch"
    fi
  fi
  if [[ -n $start ]] && has_service docstore; then
    use_pg && wait_postgres "$(<"$PIDS/postgres.pid")"
    start_docstore
  fi
}

cmd_prepare() {
  local t0
  t0=$(now_ms)
  if external_mode; then
    log "external mode (KAFKA_BROKERS/MONGO_URL set): nothing to prepare"
    return 0
  fi
  prepare
  log "prepared in $(elapsed "$t0")"
}

cmd_up() {
  local t0 rc=0 kpid dpid
  t0=$(now_ms)

  if external_mode; then
    log "external mode: KAFKA_BROKERS=$KAFKA_BROKERS MONGO_URL=$MONGO_URL (starting nothing)"
    wait_ready --timeout "$TIMEOUT" || die "external services did not answer within ${TIMEOUT}s"
    print_env "$KAFKA_BROKERS" "$MONGO_URL"
    return 0
  fi

  prepare start

  # Wait until both answer (a real Kafka metadata request and a Mongo ping).
  local args=(--timeout "$TIMEOUT")
  if has_service kafka; then
    kpid=$(<"$PIDS/kafka.pid")
    args+=(--watch "kafka:$kpid")
    has_service docstore || args+=(--only kafka)
  fi
  if has_service docstore; then
    dpid=$(<"$PIDS/docstore.pid")
    args+=(--watch "mongo:$dpid")
    has_service kafka || args+=(--only mongo)
  fi
  log "waiting up to ${TIMEOUT}s for:${SERVICES% }"
  KAFKA_BROKERS=$LOCAL_KAFKA_BROKERS MONGO_URL=$LOCAL_MONGO_URL wait_ready "${args[@]}" || rc=$?
  case $rc in
    0) ;;
    4) die "readiness check needs the repo's node_modules (kafkajs, mongodb): run 'npm ci' at $REPO, then 'up' again (servers are left running)" ;;
    *)
      show_log "$LOGS/kafka-server.log"
      show_log "$LOGS/kafka.out" 20
      show_log "$LOGS/docstore.log"
      use_pg && show_log "$LOGS/postgresql.log" 20
      die "infrastructure is not ready (exit $rc); logs: $LOGS/kafka-server.log, $LOGS/kafka.out, $LOGS/docstore.log"
      ;;
  esac
  log "up in $(elapsed "$t0")"
  print_env "$LOCAL_KAFKA_BROKERS" "$LOCAL_MONGO_URL"
}

cmd_down() {
  if external_mode; then
    log "external mode (KAFKA_BROKERS/MONGO_URL set): nothing to stop"
    return 0
  fi
  [[ -d $STATE ]] || {
    log "nothing to stop"
    return 0
  }
  lock
  has_service docstore && stop docstore "$DOCSTORE_STOP_TIMEOUT"
  # SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for clients).
  has_service docstore && stop postgres "$PG_STOP_TIMEOUT" INT
  has_service kafka && stop kafka "$KAFKA_STOP_TIMEOUT"
  return 0
}

cmd_status() {
  local pid kb=$LOCAL_KAFKA_BROKERS mu=$LOCAL_MONGO_URL
  if external_mode; then
    kb=$KAFKA_BROKERS
    mu=$MONGO_URL
    echo "mode: external (started by someone else)"
  else
    for n in kafka postgres docstore; do
      if pid=$(running_pid "$n"); then
        if [[ $n == docstore ]]; then
          echo "$n: running (pid $pid, $(running_backend) backend)"
        else
          echo "$n: running (pid $pid)"
        fi
      else
        echo "$n: stopped"
      fi
    done
  fi
  if ! command -v node >/dev/null 2>&1; then
    echo "answers: unknown (node not found)"
    return 1
  fi
  local only=()
  has_service kafka || only=(--only mongo)
  has_service docstore || only=(--only kafka)
  KAFKA_BROKERS=$kb MONGO_URL=$mu node "$SCRIPT_DIR/wait-ready.mjs" --once "${only[@]}"
}

case ${1:-} in
  up) cmd_up ;;
  prepare) cmd_prepare ;;
  down) cmd_down ;;
  status) cmd_status ;;
  -h | --help | help)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    ;;
  *)
    echo "usage: $0 up|down|status|prepare  (see --help)" >&2
    exit 2
    ;;
esac
