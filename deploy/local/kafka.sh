#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft, broker+controller) without Docker.
#
#   deploy/local/kafka.sh fetch    resolve the broker jars from Maven Central (idempotent)
#   deploy/local/kafka.sh start    fetch if needed, format storage once, start, wait until ready
#   deploy/local/kafka.sh stop     controlled shutdown (SIGTERM, SIGKILL after 30 s)
#   deploy/local/kafka.sh status   print running/stopped; exit 0 when running, 1 otherwise
#
# Needs: java 17+ and mvn (for fetch). Listens on 127.0.0.1:9092 (clients) and
# 127.0.0.1:9093 (controller). Everything lives in ${PXR_LOCAL_DIR:-<repo>/.local}/kafka:
#   libs/ (jars), data/ (log.dirs; PXR_KAFKA_DATA_DIR overrides), logs/, kafka.pid,
#   server.properties (generated on each fresh start).
# A second broker next to the first (the fault tests restart one of their own) takes three overrides:
#   PXR_KAFKA_PORT (clients, default 9092), PXR_KAFKA_CONTROLLER_PORT (default 9093), and
#   PXR_KAFKA_HOME (default ${PXR_LOCAL_DIR:-<repo>/.local}/kafka) for its data/, logs/, kafka.pid and
#   server.properties; the jars stay shared in ${PXR_LOCAL_DIR:-<repo>/.local}/kafka/libs.
# Other knobs: KAFKA_HEAP_OPTS (default "-Xmx512m -Xms256m"), KAFKA_JVM_PERFORMANCE_OPTS,
#   PXR_KAFKA_START_TIMEOUT (seconds, default 60).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
POM="$SCRIPT_DIR/kafka/pom.xml"
LOG4J_CONFIG="$SCRIPT_DIR/kafka/log4j2.properties"
READY_JS="$SCRIPT_DIR/kafka-ready.js"
READY_JAVA="$SCRIPT_DIR/kafka/KafkaReady.java"

LOCAL_DIR=${PXR_LOCAL_DIR:-$REPO_ROOT/.local}
KAFKA_HOME=${PXR_KAFKA_HOME:-$LOCAL_DIR/kafka}
# The jar cache is shared by every broker home.
LIBS_DIR="$LOCAL_DIR/kafka/libs"
DATA_DIR=${PXR_KAFKA_DATA_DIR:-$KAFKA_HOME/data}
LOG_DIR="$KAFKA_HOME/logs"
PID_FILE="$KAFKA_HOME/kafka.pid"
SERVER_PROPS="$KAFKA_HOME/server.properties"
MARKER="$LIBS_DIR/.fetched"

HOST=127.0.0.1
BROKER_PORT=${PXR_KAFKA_PORT:-9092}
CONTROLLER_PORT=${PXR_KAFKA_CONTROLLER_PORT:-9093}
[[ "$BROKER_PORT" =~ ^[0-9]+$ && "$CONTROLLER_PORT" =~ ^[0-9]+$ ]] ||
  { printf '[kafka] error: PXR_KAFKA_PORT and PXR_KAFKA_CONTROLLER_PORT must be port numbers\n' >&2; exit 2; }
[[ "$BROKER_PORT" != "$CONTROLLER_PORT" ]] ||
  { printf '[kafka] error: PXR_KAFKA_PORT and PXR_KAFKA_CONTROLLER_PORT must differ\n' >&2; exit 2; }
START_TIMEOUT=${PXR_KAFKA_START_TIMEOUT:-60}
STOP_TIMEOUT=30

# The Kafka version is defined once, in the POM.
KAFKA_VERSION=$(sed -n 's:.*<kafka\.version>\(.*\)</kafka\.version>.*:\1:p' "$POM" | head -n 1)

log() { printf '[kafka] %s\n' "$*"; }
warn() { printf '[kafka] warning: %s\n' "$*" >&2; }
die() { printf '[kafka] error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

usage() {
  cat <<EOF
usage: ${0##*/} start|stop|status|fetch
  fetch   resolve Kafka ${KAFKA_VERSION} jars into $LIBS_DIR (only if missing/outdated)
  start   start a local KRaft broker on $HOST:$BROKER_PORT (controller $CONTROLLER_PORT; reuses a running one)
  stop    stop the broker started by this script from $KAFKA_HOME
  status  print running/stopped (exit 0/1)
environment: PXR_KAFKA_PORT (default 9092), PXR_KAFKA_CONTROLLER_PORT (default 9093),
  PXR_KAFKA_HOME (pid, data, logs; default \$PXR_LOCAL_DIR/kafka), PXR_KAFKA_DATA_DIR, PXR_LOCAL_DIR,
  KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, PXR_KAFKA_START_TIMEOUT
EOF
}

# ---------------------------------------------------------------- prerequisites

require_java() {
  have java || die "java not found: install a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless)"
  local major
  major=$(java -version 2>&1 | sed -n -E '1s/.*version "([0-9]+)(\.[0-9]+)?.*/\1/p')
  if [[ "$major" == 1 ]]; then major=8; fi
  if [[ "$major" =~ ^[0-9]+$ ]] && ((major < 17)); then
    die "java $major found but Kafka $KAFKA_VERSION needs Java 17+: install openjdk-17-jre-headless (or newer) and put it first on PATH"
  fi
}

require_mvn() {
  have mvn || die "mvn not found: install Apache Maven 3.8+ (Debian/Ubuntu: apt-get install maven) to fetch the Kafka jars"
}

gitignore_reminder() {
  # Only relevant when the cache lives inside the repo.
  case "$KAFKA_HOME/" in
    "$REPO_ROOT"/*) ;;
    *) return 0 ;;
  esac
  if have git && git -C "$REPO_ROOT" rev-parse --git-dir >/dev/null 2>&1 &&
    ! git -C "$REPO_ROOT" check-ignore -q "$KAFKA_HOME" 2>/dev/null; then
    warn "${LOCAL_DIR#"$REPO_ROOT"/}/ is not git-ignored yet: add '.local/' to .gitignore"
  fi
}

# ---------------------------------------------------------------- fetch

fingerprint() {
  # Changes whenever the POM (versions, dependencies) changes.
  printf 'kafka=%s pom=%s\n' "$KAFKA_VERSION" "$(cksum <"$POM" | cut -d ' ' -f 1)"
}

libs_complete() {
  [[ -f "$MARKER" ]] &&
    [[ "$(cat "$MARKER")" == "$(fingerprint)" ]] &&
    [[ -f "$LIBS_DIR/kafka_2.13-$KAFKA_VERSION.jar" ]] &&
    [[ -f "$LIBS_DIR/kafka-clients-$KAFKA_VERSION.jar" ]]
}

cmd_fetch() {
  [[ -n "$KAFKA_VERSION" ]] || die "cannot read <kafka.version> from $POM"
  if libs_complete; then
    log "Kafka $KAFKA_VERSION jars already in $LIBS_DIR"
    return 0
  fi
  require_mvn
  mkdir -p "$KAFKA_HOME" "$(dirname "$LIBS_DIR")"
  # Another broker home shares the jar cache: serialise fetches on the cache, not on our home.
  if have flock && [[ "$(dirname "$LIBS_DIR")" != "$KAFKA_HOME" ]]; then
    exec 8>"$(dirname "$LIBS_DIR")/.fetch.lock"
    flock -w 600 8 || die "another kafka.sh is fetching into $LIBS_DIR"
    if libs_complete; then
      log "Kafka $KAFKA_VERSION jars already in $LIBS_DIR"
      return 0
    fi
  fi
  gitignore_reminder
  local tmp="$LIBS_DIR.tmp" started=$SECONDS
  rm -rf "$tmp"
  log "fetching Kafka $KAFKA_VERSION jars with Maven (from Maven Central or ~/.m2) ..."
  # Maven's output goes to a file (Debian's mvn 3.8 prints stray ANSI codes even with -q -B).
  mkdir -p "$LOG_DIR"
  local mvn_log="$LOG_DIR/fetch.log"
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" -Dmdep.overWriteReleases=true >"$mvn_log" 2>&1; then
    rm -rf "$tmp"
    sed 's/\x1b\[[0-9;]*m//g' "$mvn_log" | grep -Ev '^(\[ERROR\])?[[:space:]]*$' | head -n 5 >&2 || true
    die "mvn could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION (full output: $mvn_log)"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "mvn finished but kafka_2.13-$KAFKA_VERSION.jar is missing from $tmp"
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  fingerprint >"$MARKER"
  local count
  count=$(find "$LIBS_DIR" -name '*.jar' | wc -l | tr -d ' ')
  log "fetched $count jars into $LIBS_DIR in $((SECONDS - started))s"
}

# ---------------------------------------------------------------- process helpers

read_pid() {
  local pid=""
  [[ -f "$PID_FILE" ]] && pid=$(tr -dc '0-9' <"$PID_FILE")
  printf '%s' "$pid"
}

# Does process $1 still exist (zombies count as gone)?
pid_alive() {
  local pid=$1 state=""
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null || true)
  fi
  [[ "$state" != Z ]]
}

# Is $1 a live kafka.Kafka JVM? (guards against a recycled pid)
is_kafka_pid() {
  local pid=$1 args=""
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  elif have ps; then
    args=$(ps -p "$pid" -o args= 2>/dev/null || true)
  else
    return 0
  fi
  [[ "$args" == *kafka.Kafka* ]]
}

port_open() {
  local port=$1
  if have timeout; then
    timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$port" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null
  fi
}

port_owner() {
  local port=$1 owner=""
  if have ss; then
    owner=$(ss -Hltnp "sport = :$port" 2>/dev/null | awk '{print $NF}' | head -n 1)
  fi
  if [[ -n "$owner" ]]; then printf ' (held by %s)' "$owner"; fi
}

# ---------------------------------------------------------------- readiness probe

PROBE_KIND=""

choose_probe() {
  [[ -n "$PROBE_KIND" ]] && return 0
  # 1. kafkajs from the repo's node_modules (or NODE_PATH), resolved like kafka-ready.js does.
  if have node && (cd "$SCRIPT_DIR" && node -e 'require.resolve("kafkajs")') >/dev/null 2>&1; then
    PROBE_KIND=node
  # 2. the broker's own kafka-clients Admin, as a single-file Java program.
  elif have java && [[ -f "$LIBS_DIR/kafka-clients-$KAFKA_VERSION.jar" ]]; then
    PROBE_KIND=java
  # 3. last resort: the port accepts TCP connections.
  else
    PROBE_KIND=tcp
  fi
}

probe_name() {
  case "$PROBE_KIND" in
    node) echo "kafkajs admin (deploy/local/kafka-ready.js)" ;;
    java) echo "kafka-clients Admin (deploy/local/kafka/KafkaReady.java; kafkajs not installed)" ;;
    *) echo "plain TCP connect (neither kafkajs nor the Kafka jars available)" ;;
  esac
}

# Returns 0 when a Kafka broker answers metadata requests on $HOST:$BROKER_PORT.
probe() {
  choose_probe
  case "$PROBE_KIND" in
    node) node "$READY_JS" "$HOST:$BROKER_PORT" 4000 >/dev/null 2>&1 ;;
    java) java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$LIBS_DIR/*" "$READY_JAVA" "$HOST:$BROKER_PORT" 4000 >/dev/null 2>&1 ;;
    *) port_open "$BROKER_PORT" ;;
  esac
}

# ---------------------------------------------------------------- start

write_server_properties() {
  cat >"$SERVER_PROPS" <<EOF
# Generated by deploy/local/kafka.sh - edits are overwritten on the next fresh start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$BROKER_PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$BROKER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT

log.dirs=$DATA_DIR
num.partitions=6
auto.create.topics.enable=false
default.replication.factor=1
min.insync.replicas=1

offsets.topic.replication.factor=1
offsets.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

format_storage_if_needed() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    return 0
  fi
  mkdir -p "$DATA_DIR"
  local cluster_id
  log "formatting KRaft storage in $DATA_DIR ..."
  cluster_id=$(java -Xmx256m -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIBS_DIR/*" kafka.tools.StorageTool random-uuid | tail -n 1 | tr -d '[:space:]')
  [[ -n "$cluster_id" ]] || die "kafka.tools.StorageTool random-uuid printed no cluster id"
  java -Xmx256m -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIBS_DIR/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$SERVER_PROPS" --ignore-formatted |
    sed 's/^/[kafka]   /'
  [[ -f "$DATA_DIR/meta.properties" ]] || die "formatting $DATA_DIR failed (no meta.properties written)"
}

# Byte sizes of the log files when this start began, so errors show only this run's lines.
OUT_OFFSET=0
SERVER_OFFSET=0

file_size() { if [[ -f "$1" ]]; then wc -c <"$1" | tr -d ' '; else echo 0; fi; }

show_log_tail() {
  local f off
  for f in "$LOG_DIR/kafka.out" "$LOG_DIR/server.log"; do
    off=$OUT_OFFSET
    [[ "$f" == */server.log ]] && off=$SERVER_OFFSET
    if [[ -s "$f" ]] && (($(file_size "$f") > off)); then
      printf '[kafka] ---- %s (this start, last lines) ----\n' "$f" >&2
      tail -c "+$((off + 1))" "$f" | tail -n 20 >&2
    fi
  done
}

wait_until_ready() {
  local pid=$1 started=$SECONDS
  choose_probe
  log "waiting up to ${START_TIMEOUT}s for the broker (pid $pid) on $HOST:$BROKER_PORT; probe: $(probe_name)"
  while :; do
    if ! is_kafka_pid "$pid"; then
      rm -f "$PID_FILE"
      show_log_tail
      die "the broker process (pid $pid) exited during startup; see $LOG_DIR"
    fi
    if probe; then
      log "broker ready on $HOST:$BROKER_PORT (pid $pid) after $((SECONDS - started))s"
      return 0
    fi
    if ((SECONDS - started >= START_TIMEOUT)); then
      show_log_tail
      die "the broker (pid $pid) did not answer on $HOST:$BROKER_PORT within ${START_TIMEOUT}s; it is left running: '$0 stop' stops it, logs are in $LOG_DIR"
    fi
    sleep 1
  done
}

cmd_start() {
  require_java
  cmd_fetch
  mkdir -p "$KAFKA_HOME" "$LOG_DIR"

  local pid
  pid=$(read_pid)
  if [[ -n "$pid" ]]; then
    if is_kafka_pid "$pid"; then
      if [[ -f "$SERVER_PROPS" ]] && ! grep -qxF "log.dirs=$DATA_DIR" "$SERVER_PROPS"; then
        warn "the running broker uses $(sed -n 's/^log\.dirs=//p' "$SERVER_PROPS"), not $DATA_DIR; stop it first to switch data dirs"
      fi
      if probe; then
        log "broker already running (pid $pid) on $HOST:$BROKER_PORT - reusing it"
        return 0
      fi
      log "broker process $pid is running but not answering yet"
      wait_until_ready "$pid"
      return 0
    fi
    log "removing stale pid file (pid $pid is not a running Kafka broker)"
    rm -f "$PID_FILE"
  fi

  if port_open "$BROKER_PORT"; then
    if probe; then
      log "a Kafka broker not started by this script already answers on $HOST:$BROKER_PORT - reusing it"
      return 0
    fi
    die "port $BROKER_PORT on $HOST is in use by something that is not a (ready) Kafka broker$(port_owner "$BROKER_PORT"); free it and retry"
  fi
  if port_open "$CONTROLLER_PORT"; then
    die "port $CONTROLLER_PORT on $HOST (KRaft controller listener) is already in use$(port_owner "$CONTROLLER_PORT"); free it and retry"
  fi

  gitignore_reminder
  write_server_properties
  format_storage_if_needed

  local heap_opts perf_opts
  read -r -a heap_opts <<<"${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
  read -r -a perf_opts <<<"${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError}"
  local launcher=(nohup)
  if have setsid; then launcher=(setsid nohup); fi

  log "starting Kafka $KAFKA_VERSION (KRaft, node 1) on $HOST:$BROKER_PORT, data in $DATA_DIR"
  OUT_OFFSET=$(file_size "$LOG_DIR/kafka.out")
  SERVER_OFFSET=$(file_size "$LOG_DIR/server.log")
  {
    printf '\n==== %s starting Kafka %s ====\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$KAFKA_VERSION"
  } >>"$LOG_DIR/kafka.out"
  # setsid: own session, so it survives the caller's shell/terminal; fds 9 and 8 (our locks) are not inherited.
  (
    cd "$KAFKA_HOME"
    exec "${launcher[@]}" java "${heap_opts[@]}" "${perf_opts[@]}" \
      -Djava.awt.headless=true \
      -Dkafka.logs.dir="$LOG_DIR" \
      -Dlog4j2.configurationFile="$LOG4J_CONFIG" \
      -cp "$LIBS_DIR/*" kafka.Kafka "$SERVER_PROPS" \
      >>"$LOG_DIR/kafka.out" 2>&1 </dev/null 9>&- 8>&-
  ) &
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_until_ready "$pid"
}

# ---------------------------------------------------------------- stop / status

cmd_stop() {
  local pid
  pid=$(read_pid)
  if [[ -z "$pid" ]] || ! is_kafka_pid "$pid"; then
    if [[ -n "$pid" ]]; then
      log "removing stale pid file (pid $pid is not a running Kafka broker)"
      rm -f "$PID_FILE"
    fi
    choose_probe
    if [[ "$PROBE_KIND" != tcp ]] && port_open "$BROKER_PORT" && probe; then
      log "a Kafka broker not started by this script answers on $HOST:$BROKER_PORT - leaving it alone"
      return 0
    fi
    log "not running"
    return 0
  fi
  log "stopping broker (pid $pid, controlled shutdown) ..."
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  # Wait for the process to be gone (not merely exiting), so the ports are free on return.
  while pid_alive "$pid" && ((waited < STOP_TIMEOUT * 5)); do
    sleep 0.2
    waited=$((waited + 1))
  done
  if pid_alive "$pid"; then
    warn "broker (pid $pid) still running after ${STOP_TIMEOUT}s - sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    local tries=0
    while pid_alive "$pid" && ((tries < 10)); do
      sleep 0.2
      tries=$((tries + 1))
    done
  fi
  rm -f "$PID_FILE"
  log "stopped (pid $pid, after ~$((waited / 5))s)"
}

cmd_status() {
  local pid
  pid=$(read_pid)
  if [[ -n "$pid" ]] && is_kafka_pid "$pid"; then
    if probe; then
      log "running (pid $pid) on $HOST:$BROKER_PORT, ready"
    else
      log "running (pid $pid) on $HOST:$BROKER_PORT, not answering yet"
    fi
    return 0
  fi
  choose_probe
  # (a bare TCP check cannot tell Kafka from anything else, so it is not trusted here)
  if [[ "$PROBE_KIND" != tcp ]] && port_open "$BROKER_PORT" && probe; then
    log "running on $HOST:$BROKER_PORT (not started by this script)"
    return 0
  fi
  log "stopped"
  return 1
}

# ---------------------------------------------------------------- main

with_lock() {
  # Serialise concurrent start/stop/fetch calls (e.g. parallel test runners).
  mkdir -p "$KAFKA_HOME"
  if have flock; then
    exec 9>"$KAFKA_HOME/.lock"
    flock -w 180 9 || die "another kafka.sh is busy (lock $KAFKA_HOME/.lock)"
  fi
  "$@"
}

main() {
  local cmd=${1:-}
  case "$cmd" in
    fetch) with_lock cmd_fetch ;;
    start) with_lock cmd_start ;;
    stop) with_lock cmd_stop ;;
    status) cmd_status ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
