#!/usr/bin/env bash
# The session server scaled out on one machine, as y-sweet is meant to run past one: an S3 store
# (moto's server, in memory, on loopback) holding every room under s3://$BUCKET/rooms, several
# y-sweet instances on that store, and nginx in front on 127.0.0.1:PORT sending each room to one
# instance by a consistent hash of its id, and to another when that one is down (it loads the room
# from the store). Runs in the foreground until SIGINT or SIGTERM, then stops the instances first
# (y-sweet saves its rooms when it gets SIGINT), then nginx, then the store.
#
#   scripts/session_cluster.sh [--port 8090] [--instances 2] [--run-dir DIR] [--watch PID]
#
# --run-dir keeps the generated nginx.conf, the logs and cluster.env (the ports and process ids,
# read by e2e/session_server.mjs) in DIR; without it a temporary directory is made and removed on
# exit. --watch PID stops everything (and removes the run dir) when process PID is gone, so a test
# run that dies cannot leave servers behind. Y_SWEET names another y-sweet binary to run. `make session-cluster` runs this; so do the cluster tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH:/usr/sbin"

PORT=8090
INSTANCES=2
RUN_DIR=
WATCH=
BUCKET=sessions
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=$2; shift 2 ;;
    --instances) INSTANCES=$2; shift 2 ;;
    --run-dir) RUN_DIR=$2; shift 2 ;;
    --watch) WATCH=$2; shift 2 ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done

Y_SWEET=${Y_SWEET:-y-sweet}  # another build of y-sweet may be named in Y_SWEET
missing=()
command -v "$Y_SWEET" >/dev/null || missing+=(y-sweet)
command -v nginx >/dev/null || missing+=(nginx)
[ -x .venv/bin/moto_server ] || missing+=("moto (.venv)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "The session cluster needs ${missing[*]}: run \`make setup\` first." >&2
  exit 1
fi

made_run_dir=
if [ -z "$RUN_DIR" ]; then
  RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/session-cluster.XXXXXX")
  made_run_dir=1
fi
mkdir -p "$RUN_DIR/nginx"
RUN_DIR=$(cd "$RUN_DIR" && pwd)

# Each child gets its own process group (job control on), so a Ctrl+C in the terminal reaches
# only this script, which then stops the children in order: the instances must save to the store
# before the store goes.
set -m
pids=()
instance_pids=()
stopping=

stop_all() {
  [ -n "$stopping" ] && return
  stopping=1
  trap '' INT TERM
  for pid in "${instance_pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${instance_pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [ -n "$made_run_dir" ]; then rm -rf "$RUN_DIR"; fi
}
trap 'stop_all; exit 0' INT TERM
trap 'stop_all' EXIT

free_port() {
  .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until URL answers over HTTP (any status), or fails after 20 s naming LOG.
wait_http() {
  local url=$1 log=$2 pid=$3
  for _ in $(seq 200); do
    if curl -s -o /dev/null "$url"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$url: the process exited; see $log:" >&2; tail -20 "$log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "$url did not answer within 20 s; see $log" >&2
  exit 1
}

: >"$RUN_DIR/cluster.env"
record() { echo "$1=$2" >>"$RUN_DIR/cluster.env"; }

# The store.
S3_PORT=$(free_port)
.venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT" >"$RUN_DIR/s3.log" 2>&1 &
pids+=($!)
record s3_pid $!
record s3_port "$S3_PORT"
record s3_bucket "$BUCKET"
wait_http "http://127.0.0.1:$S3_PORT/" "$RUN_DIR/s3.log" $!
curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$S3_PORT/$BUCKET"

# The instances, every one on the same bucket and prefix.
export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$S3_PORT" AWS_S3_USE_PATH_STYLE=true AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=session AWS_SECRET_ACCESS_KEY=session
upstreams=
for i in $(seq "$INSTANCES"); do
  port=$(free_port)
  "$Y_SWEET" serve "s3://$BUCKET/rooms" --port "$port" >"$RUN_DIR/instance-$i.log" 2>&1 &
  instance_pids+=($!)
  record "instance_${i}_pid" $!
  record "instance_${i}_port" "$port"
  upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
for i in $(seq "$INSTANCES"); do
  port=$(awk -F= -v k="instance_${i}_port" '$1 == k { print $2 }' "$RUN_DIR/cluster.env")
  wait_http "http://127.0.0.1:$port/ready" "$RUN_DIR/instance-$i.log" "${instance_pids[$((i - 1))]}"
done

# The proxy. The room is the first path segment after /d/ (y-sweet's /d/ROOM/ws/ROOM websocket,
# /d/ROOM/as-update, /d/ROOM/update) or after /doc/ (/doc/ROOM/auth, /doc/ws/ROOM). `POST /doc/new`
# names its room in the body, which nginx does not read: send it as /doc/new?room=ROOM (y-sweet
# ignores the query) so the room is made where it will be served; an instance holding a room it
# does not serve would keep saving its copy over the store's. Other requests (/ready) hash the
# empty key. When the instance a room hashes to refuses the connection, nginx tries the next one
# on the ring.
user_line=
if [ "$(id -u)" = 0 ]; then user_line="user $(id -un) $(id -gn);"; fi
cat >"$RUN_DIR/nginx.conf" <<EOF
# Generated by scripts/session_cluster.sh.
$user_line
daemon off;
worker_processes 1;
pid $RUN_DIR/nginx.pid;
error_log $RUN_DIR/nginx-error.log notice;
events { worker_connections 1024; }
http {
  client_body_temp_path $RUN_DIR/nginx/body;
  proxy_temp_path $RUN_DIR/nginx/proxy;
  fastcgi_temp_path $RUN_DIR/nginx/fastcgi;
  uwsgi_temp_path $RUN_DIR/nginx/uwsgi;
  scgi_temp_path $RUN_DIR/nginx/scgi;

  map \$uri \$room {
    ~^/doc/ws/(?<id>[^/]+)   \$id;
    ~^/d/(?<id>[^/]+)        \$id;
    ~^/doc/(?<id>[^/]+)/     \$id;
    default                  \$arg_room;
  }
  map \$http_upgrade \$connection_upgrade {
    default upgrade;
    ''      close;
  }
  log_format rooms '\$time_iso8601 room=\$room upstream=\$upstream_addr status=\$status "\$request"';
  access_log $RUN_DIR/nginx-access.log rooms;

  upstream rooms {
    hash \$room consistent;
$upstreams  }

  server {
    listen 127.0.0.1:$PORT;
    location / {
      proxy_pass http://rooms;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$http_host;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_buffering off;
      # Which instance answered: lets a test tell where a room is served.
      add_header X-Session-Instance \$upstream_addr always;
    }
  }
}
EOF
nginx -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/nginx-error.log" &
pids+=($!)
record nginx_pid $!
record port "$PORT"
wait_http "http://127.0.0.1:$PORT/ready" "$RUN_DIR/nginx-error.log" $!
record ready 1

echo "Session cluster on ws://127.0.0.1:$PORT (rooms at /d/ROOM/ws/ROOM): nginx in front of $INSTANCES y-sweet instances"
for i in $(seq "$INSTANCES"); do
  echo "  instance $i: http://127.0.0.1:$(awk -F= -v k="instance_${i}_port" '$1 == k { print $2 }' "$RUN_DIR/cluster.env")"
done
echo "  store: s3://$BUCKET/rooms on moto at http://127.0.0.1:$S3_PORT (in memory: gone when this stops)"
echo "  config and logs: $RUN_DIR"
echo "Ctrl+C stops everything."

# Runs until a signal comes, or nginx or the store dies, or the watched process is gone. An
# instance may stop (that is the failover this shows) without stopping the rest.
while true; do
  # The watcher owned the run dir too: nobody is left to remove it.
  if [ -n "$WATCH" ] && ! kill -0 "$WATCH" 2>/dev/null; then made_run_dir=1; break; fi
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "process $pid stopped; stopping the cluster" >&2; exit 1; fi
  done
  sleep 1 &
  wait $! 2>/dev/null || true
done
