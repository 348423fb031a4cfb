#!/usr/bin/env bash
# Local infrastructure for development and CI: Apache Kafka (KRaft, single node)
# and a MongoDB-wire-compatible document store (FerretDB embedded, SQLite).
# No Docker. See docs/adr/0002-local-infrastructure.md.
#
#   deploy/local/infra.sh up       fetch/build what is missing, start, wait until both answer
#   deploy/local/infra.sh down     stop both (SIGTERM, then SIGKILL after a timeout)
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
# kafka-data/, docstore-data/, bin/docstore, pids/, logs/.
# Other knobs: INFRA_TIMEOUT (readiness wait, s, default 120),
# KAFKA_HEAP_OPTS (default "-Xmx512m -Xms256m").
#
# Needs: bash, java (17+), node (20+) with the repo's node_modules installed
# (kafkajs, mongodb), and on a cold cache mvn (Kafka jars) and go (docstore).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd -P)
STATE=${LOCAL_INFRA_DIR:-$REPO/.local}

KAFKA_HOST=127.0.0.1
KAFKA_PORT=19092
KAFKA_CONTROLLER_PORT=19093
MONGO_HOST=127.0.0.1
MONGO_PORT=27117
LOCAL_KAFKA_BROKERS=$KAFKA_HOST:$KAFKA_PORT
LOCAL_MONGO_URL=mongodb://$MONGO_HOST:$MONGO_PORT

TIMEOUT=${INFRA_TIMEOUT:-120}
KAFKA_STOP_TIMEOUT=30
DOCSTORE_STOP_TIMEOUT=15

LIBS=$STATE/kafka-libs
KAFKA_DATA=$STATE/kafka-data
KAFKA_PROPS=$STATE/kafka-server.properties
KAFKA_CLUSTER_ID_FILE=$STATE/kafka-cluster-id
DOCSTORE_DATA=$STATE/docstore-data
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

# stop NAME TIMEOUT
stop() {
  local name=$1 t=$2 pid i
  if ! pid=$(running_pid "$name"); then
    rm -f "$PIDS/$name.pid"
    log "$name: not running"
    return 0
  fi
  log "$name: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
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
    log "docstore: already running (pid $pid)"
    return 0
  fi
  if port_in_use "$MONGO_HOST" "$MONGO_PORT"; then
    die "docstore: port $MONGO_PORT is already in use by a process this checkout did not start (another checkout's infra? stop it with its 'infra.sh down')"
  fi
  start_bg docstore "$LOGS/docstore.log" "$BIN" \
    -listen "$MONGO_HOST:$MONGO_PORT" -data "$DOCSTORE_DATA"
  log "docstore: started pid $(<"$PIDS/docstore.pid") (log: $LOGS/docstore.log)"
}

# wait_ready [extra wait-ready.mjs args...]
wait_ready() {
  need node "Node.js is needed for the readiness check"
  local rc=0
  node "$SCRIPT_DIR/wait-ready.mjs" "$@" >&2 || rc=$?
  return "$rc"
}

print_env() {
  echo "KAFKA_BROKERS=$1"
  echo "MONGO_URL=$2"
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
  mkdir -p "$STATE/bin" "$PIDS" "$LOGS" "$KAFKA_DATA" "$DOCSTORE_DATA"
  need java "a Java 17+ runtime runs the Kafka broker"

  # The docstore build (slowest step on a cold cache) runs in the background
  # while Kafka is fetched, formatted and started: good overlap on 2 cores.
  if docstore_needs_build; then
    need go "Go builds the docstore binary"
    log "docstore: building $BIN (log: $LOGS/docstore-build.log)"
    start_docstore_build
  fi

  fetch_kafka_libs
  render_kafka_props
  format_kafka_storage
  [[ -z $start ]] || start_kafka

  if [[ -n $BUILD_PID ]]; then
    finish_docstore_build
    if dpid=$(running_pid docstore); then
      log "docstore: binary rebuilt, but the running server (pid $dpid) uses the old one; run 'down' then 'up' to switch"
    fi
  fi
  [[ -z $start ]] || start_docstore
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
  kpid=$(<"$PIDS/kafka.pid")
  dpid=$(<"$PIDS/docstore.pid")
  log "waiting up to ${TIMEOUT}s for kafka ($LOCAL_KAFKA_BROKERS) and docstore ($LOCAL_MONGO_URL)"
  KAFKA_BROKERS=$LOCAL_KAFKA_BROKERS MONGO_URL=$LOCAL_MONGO_URL \
    wait_ready --timeout "$TIMEOUT" --watch "kafka:$kpid" --watch "mongo:$dpid" || rc=$?
  case $rc in
    0) ;;
    4) die "readiness check needs the repo's node_modules (kafkajs, mongodb): run 'npm ci' at $REPO, then 'up' again (servers are left running)" ;;
    *)
      show_log "$LOGS/kafka-server.log"
      show_log "$LOGS/kafka.out" 20
      show_log "$LOGS/docstore.log"
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
  stop docstore "$DOCSTORE_STOP_TIMEOUT"
  stop kafka "$KAFKA_STOP_TIMEOUT"
}

cmd_status() {
  local pid kb=$LOCAL_KAFKA_BROKERS mu=$LOCAL_MONGO_URL
  if external_mode; then
    kb=$KAFKA_BROKERS
    mu=$MONGO_URL
    echo "mode: external (started by someone else)"
  else
    for n in kafka docstore; do
      if pid=$(running_pid "$n"); then
        echo "$n: running (pid $pid)"
      else
        echo "$n: stopped"
      fi
    done
  fi
  if ! command -v node >/dev/null 2>&1; then
    echo "answers: unknown (node not found)"
    return 1
  fi
  KAFKA_BROKERS=$kb MONGO_URL=$mu node "$SCRIPT_DIR/wait-ready.mjs" --once
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
