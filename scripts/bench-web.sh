#!/usr/bin/env bash
# Serve Pejling as in production (gunicorn + whitenoise, PEJLING_ENV=production) on a throwaway
# SQLite copy of the demo, then load each page type with wrk on loopback and print req/s and p95.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${BENCH_PORT:-8765}
WORKERS=${BENCH_WORKERS:-3}
DURATION=${BENCH_DURATION:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
export PEJLING_ENV=production PEJLING_HTTPS=false PEJLING_DATA_DIR=$PWD/data/bench ALLOWED_HOSTS=127.0.0.1
rm -rf data/bench && mkdir -p data/bench
$BIN/pejling migrate --noinput -v0
$BIN/pejling load-demo >/dev/null
$BIN/pejling collectstatic --noinput -v0
$BIN/gunicorn pejling.wsgi -w "$WORKERS" -b 127.0.0.1:$PORT --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null http://127.0.0.1:$PORT/ && break; sleep 0.2; done
cat > data/bench/p95.lua <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
LUA
# A different as-of date on every request: nothing is cached, every page is computed in full.
cat data/bench/p95.lua > data/bench/uncached.lua
cat >> data/bench/uncached.lua <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  local day = os.date("!%Y-%m-%d", 1262304000 + ((counter * 7919 + math.random(0, 1e6)) % 5000) * 86400)
  return wrk.format("GET", wrk.path .. "?as_of=" .. day)
end
LUA
echo "gunicorn, $WORKERS workers; wrk, 2 threads, $CONNECTIONS connections, $DURATION per page; $(nproc) cores shared"
for path in "/s/ringsted-uddannelse-til-alle-unge/" "/s/holstebro-partnerskab-ungestrategier/" "/" \
            "/s/holstebro-partnerskab-ungestrategier/i/4.2/" "/s/ringsted-uddannelse-til-alle-unge/?as_of=2020-12-31"; do
  for _ in $(seq 20); do curl -fs -o /dev/null "http://127.0.0.1:$PORT$path"; done  # warm every worker's cache
  printf '%-58s ' "$path"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s data/bench/p95.lua "http://127.0.0.1:$PORT$path" | grep RESULT | cut -d' ' -f2-
done
printf '%-58s ' "uncached: Holstebro overview, a new as-of date each time"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s data/bench/uncached.lua \
  "http://127.0.0.1:$PORT/s/holstebro-partnerskab-ungestrategier/" | grep RESULT | cut -d' ' -f2-
