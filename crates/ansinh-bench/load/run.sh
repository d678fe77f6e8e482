#!/usr/bin/env bash
# HTTP load figure for the person search: a SF1 database, the release server on loopback, a
# province officer's session, 50 connections for 30 s with wrk (Debian package), and the
# server's peak RSS. Usage: crates/ansinh-bench/load/run.sh [DATA_DIR] (default /tmp/ansinh-sf1;
# generated if empty). Bounded: one 30 s run against 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
data="${1:-/tmp/ansinh-sf1}"
bin="${ANSINH_BIN:-$root/target/release/ansinh}"
port="${PORT:-18090}"
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
[ -x "$bin" ] || (cd "$root" && cargo build --release -p ansinh)
if [ ! -f "$data/ansinh.sqlite" ]; then
    "$bin" --data-dir "$data" generate --scale 1 --seed 7
fi
ANSINH_LOG=warn "$bin" --data-dir "$data" demo --listen "127.0.0.1:$port" >/tmp/ansinh-load-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
jar="$(mktemp)"
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/dang-nhap" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=sotinh" \
    --data-urlencode "password=demo-2026-so-tinh" --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/dang-nhap"
cookie="ansinh_session=$(awk '$6 == "ansinh_session" {print $7}' "$jar")"
[ "$cookie" != "ansinh_session=" ] || { echo "login failed"; exit 1; }
peak=0
( while kill -0 $server 2>/dev/null; do
      rss=$(awk '/VmRSS/ {print $2}' /proc/$server/status 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" > /tmp/ansinh-load-rss
      sleep 0.2
  done ) &
ANSINH_COOKIE="$cookie" wrk -t2 -c50 -d30s --latency -s "$here/search.lua" "http://127.0.0.1:$port/" | tee /tmp/ansinh-load-wrk.txt
echo "server peak RSS: $(( $(cat /tmp/ansinh-load-rss) / 1024 )) MB"
