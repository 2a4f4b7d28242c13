#!/usr/bin/env bash
# The labelling service's HTTP overhead and cold start in one quick run (about 1 to 2 minutes on a quiet machine):
#   function/bench/quick.sh [REQUESTS=500] [SECONDS=10]
# prints, for the REST app on loopback with an mlp champion and one 32x32 JPEG:
#   cold start       process start to the first answered label (natives already extracted), median of 3
#   service p50      the service's own time per label ("millis" in the answer: decode, preprocess, forward pass)
#   HTTP p50         the label's round trip, 1 client (a lean keep-alive client: function/bench/overhead.py)
#                    and 16 concurrent clients (function/bench/LoadClient.java, SECONDS long)
#   overhead         HTTP p50 minus service p50 at 1 client (target: at most 1 ms), and the median of the
#                    per-request differences
# with `uptime` before and after: on a loaded machine the numbers are not the service's.
# Store: an untrained BenchBundles mlp (latency does not depend on the weights); BENCH_STORE=DIR uses a store with a
# champion instead, BENCH_FAMILY=cnn the cnn. The full benchmark (both families, fresh natives, Lambda) is run.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requests="${1:-500}"; seconds="${2:-10}"; family="${BENCH_FAMILY:-mlp}"
JAVA_HOME="$("$root/bin/find-jdk")"; java="$JAVA_HOME/bin/java"
out="$root/function/bench/target"; mkdir -p "$out"
# as function/serve runs the service: passive OpenMP waiting, one native compute thread per forward pass
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS="${BENCH_THREADS:-1}" OPENBLAS_NUM_THREADS="${BENCH_THREADS:-1}"

echo "# uptime at start: $(uptime)"
app="$root/function/rest/target/quarkus-app"
stale() {
  [ ! -f "$app/quarkus-run.jar" ] || [ ! -d "$root/function/core/target/test-classes" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root/infra/src/main" "$root/function/core/src" "$root/function/rest/pom.xml" \
      "$root/function/rest/src/main" -newer "$app/quarkus-run.jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  echo "# building the REST app (sources changed)" >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl function/rest -am package) >&2
fi
cp="$app/lib/main/*:$root/function/core/target/test-classes:$root/infra/target/test-classes" # BenchBundles uses the shared test support (io.etiqueta.testing)

image="$out/sample.jpg"
tarball="$root/../shared/datasets/cifar10/train.tar.gz"
if [ ! -f "$image" ] && [ -f "$tarball" ]; then tar -xzf "$tarball" -O train/bird/0338.jpg > "$image" || rm -f "$image"; fi
if [ ! -f "$image" ]; then "$java" -Djava.awt.headless=true -cp "$cp" io.etiqueta.function.BenchBundles sample "$image"; fi
store="${BENCH_STORE:-$out/stores/quick-$family}"
if [ ! -f "$store/champion.json" ]; then
  "$java" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -cp "$cp" io.etiqueta.function.BenchBundles "$family" "$store" >&2
fi

port="${BENCH_PORT:-18572}"
natives="$out/javacpp-quick"; mkdir -p "$natives"
server_pid=
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=; fi; }
trap stop_server EXIT
start_server() {
  "$java" -Xmx2g -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -Dorg.bytedeco.javacpp.cachedir="$natives" \
    ${BENCH_JAVA_OPTS:-} -Detiqueta.store="$store" -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
    -jar "$app/quarkus-run.jar" >"$out/quick-server.log" 2>&1 &
  server_pid=$!
}
# sets cold_ms: milliseconds from process start to the first 200 answer to a label (the server is left running)
cold_start() {
  local t0 t1
  t0=$(date +%s%N)
  start_server
  until curl -sf -o /dev/null -H 'Content-Type: image/jpeg' --data-binary @"$image" "http://127.0.0.1:$port/api/label"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$out/quick-server.log" >&2; echo "server died" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  cold_ms=$(( (t1 - t0) / 1000000 ))
}

if [ -z "$(ls -A "$natives")" ]; then cold_start; stop_server; fi # unpack the natives once, not counted
runs=()
for i in 1 2 3; do
  cold_start
  runs+=("$cold_ms")
  if [ "$i" -lt 3 ]; then stop_server; fi
done
cold=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)

# the third server stays up for the warm measurements
one=$(python3 "$root/function/bench/overhead.py" "http://127.0.0.1:$port/api/label" "$image" "$requests")
many=$("$java" "$root/function/bench/LoadClient.java" throughput "http://127.0.0.1:$port/api/label" "$image" 16 "$seconds")
stop_server
field() { echo "$1" | grep -o "$2=[0-9.]*" | head -1 | cut -d= -f2; }
service=$(field "$one" service_p50_ms); http1=$(field "$one" label_p50_ms); gap=$(field "$one" label_minus_service_p50_ms)
http16=$(echo "$many" | sed 's/(in service.*//' | grep -o 'p50_ms=[0-9.]*' | cut -d= -f2)
service16=$(echo "$many" | grep -o 'in service: p50_ms=[0-9.]*' | cut -d= -f2)
echo "# $family champion from $store; image $(wc -c <"$image") bytes; $requests requests at 1 client, ${seconds} s at 16 clients"
echo "cold_start_ms          $cold   (process start to first label, natives extracted; runs ${runs[*]})"
echo "service_p50_ms         $service   (the service's own time, 1 client)"
echo "http_p50_ms_1_client   $http1   (p99 $(field "$one" label_p99_ms); GET /api/health p50 $(field "$one" health_p50_ms))"
echo "http_p50_ms_16_clients $http16   ($(field "$many" labels_per_s) labels/s; service p50 under load $service16, mostly waiting for the network's lock)"
echo "overhead_ms            $(awk -v a="$http1" -v b="$service" 'BEGIN { printf "%.2f", a - b }')   (HTTP p50 - service p50 at 1 client; median per-request difference $gap; target <= 1)"
echo "# uptime at end: $(uptime)"
