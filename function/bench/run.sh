#!/usr/bin/env bash
# Benchmark of the labelling service (REST app, loopback only) for the mlp and cnn bundles:
#   - cold start: process start to the first answered label, with DL4J's natives not yet extracted (a fresh
#     javacpp cache dir) and already extracted (the same dir again, 3 runs)
#   - warm latency p50/p99 of one client sending one image at a time
#   - throughput with 16 concurrent clients
#   - the Lambda function (handler called as AWS's Java runtime calls it): cold start the same two ways, and warm
#     p50/p99 of 500 sequential invocations
# usage: function/bench/run.sh [REQUESTS=500] [SECONDS=20]      results: function/bench/target/results.txt
#        BENCH_ONLY=rest or BENCH_ONLY=lambda runs one half; BENCH_FAMILIES="mlp" runs one family
#        overhead.py: the label's HTTP round trip against the service's own time, with a lean keep-alive client
# Bundles: a champion per family under function/bench/target/stores. With the shared CIFAR-10 data at hand
# (../shared/datasets/cifar10/train.tar.gz) they are real: './etiqueta train' on a 500-image subset, 2 epochs,
# default architectures (mlp 512-256-256; the Keras-tutorial cnn). Without it (or BENCH_BUNDLES=built) they come
# from BenchBundles: the same architectures, untrained (latency does not depend on the weights).
# BENCH_STORE_MLP / BENCH_STORE_CNN point at existing stores with a champion instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requests="${1:-500}"; seconds="${2:-20}"; clients=16
JAVA_HOME="$("$root/bin/find-jdk")"; java="$JAVA_HOME/bin/java"
out="$root/function/bench/target"; mkdir -p "$out"
results="$out/results.txt"
export OMP_WAIT_POLICY=PASSIVE
# as function/serve runs the service: one native compute thread per forward pass (BENCH_THREADS to compare)
export OMP_NUM_THREADS="${BENCH_THREADS:-1}" OPENBLAS_NUM_THREADS="${BENCH_THREADS:-1}"

(cd "$root" && ./mvnw -B -q -DskipTests -pl function/core,function/rest,function/lambda -am package) >&2
app="$root/function/rest/target/quarkus-app"
cp="$app/lib/main/*:$root/function/core/target/test-classes:$root/infra/target/test-classes" # BenchBundles uses the shared test support (io.etiqueta.testing)

# one real CIFAR-10 image when the shared data is there, else a generated one
image="$out/sample.jpg"
tarball="$root/../shared/datasets/cifar10/train.tar.gz"
if [ ! -f "$image" ] && [ -f "$tarball" ]; then tar -xzf "$tarball" -O train/bird/0338.jpg > "$image" || rm -f "$image"; fi
if [ ! -f "$image" ]; then "$java" -Djava.awt.headless=true -cp "$cp" io.etiqueta.function.BenchBundles sample "$image"; fi

port=18571
server_pid=
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=; fi; }
trap stop_server EXIT

start_server() { # store cachedir log
  "$java" -Xmx2g -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -Dorg.bytedeco.javacpp.cachedir="$2" \
    -Detiqueta.store="$1" -Dquarkus.http.port=$port -Dquarkus.http.host=127.0.0.1 -jar "$app/quarkus-run.jar" >"$3" 2>&1 &
  server_pid=$!
}

# the Lambda function: its handler called as AWS's Java runtime calls it (LambdaInvoke.java), process start to
# the first answered label, then warm invocations
lambda_target="$root/function/lambda/target"
"$JAVA_HOME/bin/javac" -d "$out/invoke" -cp "$(ls "$lambda_target"/*-runner.jar):$lambda_target/lib/*" "$root/function/bench/LambdaInvoke.java"
printf '{"image":"%s","topK":3}' "$(base64 -w0 "$image")" > "$out/event.json"
lambda_run() { # store cachedir invocations
  local t0; t0=$(( $(date +%s%N) / 1000000 ))
  "$java" -Xmx2g -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
    -Dorg.bytedeco.javacpp.cachedir="$2" -Detiqueta.store="$1" \
    -cp "$out/invoke:$(ls "$lambda_target"/*-runner.jar):$lambda_target/lib/*" LambdaInvoke "$out/event.json" "$3" "$t0" 2>"$out/lambda.log" \
    | grep first_label_ms || { tail -20 "$out/lambda.log" >&2; exit 1; }
}

# milliseconds from process start to the first 200 answer to a label request
cold_start() { # store cachedir
  local t0 t1
  t0=$(date +%s%N)
  start_server "$1" "$2" "$out/server.log"
  until curl -sf -o /dev/null -H 'Content-Type: image/jpeg' --data-binary @"$image" "http://127.0.0.1:$port/api/label"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$out/server.log" >&2; echo "server died" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  stop_server
  echo $(( (t1 - t0) / 1000000 ))
}

summary() { # values -> "median=M runs=a,b,c"
  local sorted; sorted=$(printf '%s\n' "$@" | sort -n)
  echo "median=$(echo "$sorted" | sed -n "$(( ($# + 1) / 2 ))p") runs=$(echo "$@" | tr ' ' ',')"
}

{
  echo "# etiqueta labelling service benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$java" -version 2>&1 | head -1)"
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other people's builds share these cores)"
  echo "# image: $(wc -c <"$image") bytes JPEG; warm latency: $requests requests; throughput: $clients clients for ${seconds}s"
} | tee "$results"

bundles="${BENCH_BUNDLES:-$([ -f "$tarball" ] && echo trained || echo built)}"
make_store() { # family store
  rm -rf "$2"
  if [ "$bundles" = trained ]; then
    local data="$out/cifar-subset"
    if [ ! -d "$data/train" ]; then mkdir -p "$data"; tar -xzf "$tarball" -C "$data" --wildcards 'train/*/00[0-4]?.jpg'; fi
    if ! "$root/etiqueta" train "$data/train" --model "$1" --epochs 2 --seed 1 --store "$2" >&2; then
      echo "# $1: 'etiqueta train' failed (see above); using an untrained BenchBundles model instead" | tee -a "$results"
      rm -rf "$2"
      "$java" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -cp "$cp" io.etiqueta.function.BenchBundles "$1" "$2" >&2
      return
    fi
    local key; key=$(cd "$2" && ls trials/*/bundle.etq | head -1)
    local id; id=$(basename "$(dirname "$key")")
    # what 'etiqueta promote' writes, minimal: the function falls back to the bundle's manifest for the rest
    printf '{"sequence":1,"version":"v1","bundleKey":"%s","modelId":"%s","trialId":"%s","dataset":"cifar10 (500-image subset)","promotedBy":"bench"}\n' \
      "$key" "$id" "$id" > "$2/champion.json"
  else
    "$java" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -cp "$cp" io.etiqueta.function.BenchBundles "$1" "$2" >&2
  fi
}
echo "# bundles: $bundles" | tee -a "$results"

for family in ${BENCH_FAMILIES:-mlp cnn}; do
  var="BENCH_STORE_$(echo $family | tr a-z A-Z)"
  store="${!var:-$out/stores/$family}"
  if [ -z "${!var:-}" ]; then make_store "$family" "$store"; fi
  if [ "${BENCH_ONLY:-}" != lambda ]; then
  natives="$out/javacpp-$family"
  fresh=""; extracted=""
  for i in 1 2 3; do # a fresh natives dir each time, then the filled one again
    rm -rf "$natives"; mkdir -p "$natives"
    fresh="$fresh $(cold_start "$store" "$natives")"
    extracted="$extracted $(cold_start "$store" "$natives")"
  done
  echo "$family cold_start_ms natives_fresh: $(summary $fresh) natives_extracted: $(summary $extracted) (natives dir $(du -sm "$natives" | cut -f1) MB)" | tee -a "$results"
  start_server "$store" "$natives" "$out/server-$family.log"
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.1; done
  echo "$family model: $(curl -s "http://127.0.0.1:$port/api/model" | tr -d '\n' | grep -o '"\(modelId\|architecture\|input\|testAccuracy\)" *: *[^,]*' | tr -s ' ' | paste -sd' ')" | tee -a "$results"
  echo "$family $("$java" "$root/function/bench/LoadClient.java" latency "http://127.0.0.1:$port/api/label" "$image" "$requests")" | tee -a "$results"
  # where the HTTP time goes, with a lean keep-alive client (no client-side thread hops): the floor of a trivial
  # request, and a label's round trip minus the service's own time
  if command -v python3 >/dev/null; then echo "$family $(python3 "$root/function/bench/overhead.py" "http://127.0.0.1:$port/api/label" "$image" "$requests")" | tee -a "$results"; fi
  echo "$family $("$java" "$root/function/bench/LoadClient.java" throughput "http://127.0.0.1:$port/api/label" "$image" "$clients" "$seconds")" | tee -a "$results"
  stop_server
  fi
  if [ "${BENCH_ONLY:-}" != rest ]; then
    lnatives="$out/javacpp-lambda-$family"; lfresh=""; lextracted=""
    for i in 1 2 3; do
      rm -rf "$lnatives"; mkdir -p "$lnatives"
      lfresh="$lfresh $(lambda_run "$store" "$lnatives" 1 | sed 's/.*first_label_ms=\([0-9]*\).*/\1/')"
      lextracted="$lextracted $(lambda_run "$store" "$lnatives" 1 | sed 's/.*first_label_ms=\([0-9]*\).*/\1/')"
    done
    echo "$family lambda cold_start_ms natives_fresh: $(summary $lfresh) natives_extracted: $(summary $lextracted)" | tee -a "$results"
    echo "$family lambda warm: $(lambda_run "$store" "$lnatives" 500 | sed 's/first_label_ms=[0-9]* //')" | tee -a "$results"
  fi
done
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
