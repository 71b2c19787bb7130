#!/usr/bin/env bash
# Run N dashboard processes behind HAProxy on this host: deploy/serve-many.sh [N]
#
# Starts `streamlit run dashboard.py` N times on 127.0.0.1:BASE+1..BASE+N, writes a copy of
# deploy/haproxy.cfg with N `server` lines and the front port, and runs HAProxy in the
# foreground until it is stopped (Ctrl-C, SIGTERM); then it stops the processes it started.
# A dashboard process that dies is not restarted here (HAProxy sends its visitors to the
# others); under systemd use one unit per process with Restart=always instead.
#
# Environment: TRYGGHET_DB (the DB every process reads; they reopen it when the ETL swaps it),
# TRYGGHET_PORT (front port, default 8501), TRYGGHET_BIND (front address, default 127.0.0.1),
# TRYGGHET_BASE_PORT (default 8600), TRYGGHET_RUN_DIR (pid files, logs and the generated
# haproxy.cfg; default a new temporary directory).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-2}"
case "$n" in '' | *[!0-9]* | 0) echo "usage: $0 [N>=1]" >&2; exit 2 ;; esac
port="${TRYGGHET_PORT:-8501}"
bind="${TRYGGHET_BIND:-127.0.0.1}"
base="${TRYGGHET_BASE_PORT:-8600}"
run="${TRYGGHET_RUN_DIR:-$(mktemp -d -t trygghet-serve.XXXXXX)}"
mkdir -p "$run"
python="${PYTHON:-python3}"
command -v haproxy >/dev/null || { echo "haproxy is missing: apt-get install haproxy" >&2; exit 1; }

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' INT TERM

# HAProxy's config: this repo's file with its server lines replaced by N generated ones.
{
  sed -e '/^    server st[0-9]* /d' -e "s/^    bind 127.0.0.1:8501\$/    bind $bind:$port/" \
    "$repo/deploy/haproxy.cfg"
  for i in $(seq 1 "$n"); do echo "    server st$i 127.0.0.1:$((base + i)) cookie st$i"; done
} >"$run/haproxy.cfg"
haproxy -c -q -f "$run/haproxy.cfg"

cd "$repo"
for i in $(seq 1 "$n"); do
  "$python" -m streamlit run dashboard.py --server.port "$((base + i))" \
    --server.address 127.0.0.1 --server.headless true >"$run/st$i.log" 2>&1 &
  pids+=("$!")
  echo "$!" >"$run/st$i.pid"
done
haproxy -W -db -f "$run/haproxy.cfg" >"$run/haproxy.log" 2>&1 &
pids+=("$!")
echo "$!" >"$run/haproxy.pid"
# Announce once HAProxy answers and a process behind it is healthy.
for _ in $(seq 1 120); do
  if "$python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/_stcore/health', timeout=2)" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
echo "serving $n processes on http://$bind:$port (pids, logs and haproxy.cfg in $run)"
# Run until HAProxy ends (or a signal arrives); a dashboard process dying does not end it.
wait "${pids[-1]}"
