#!/usr/bin/env bash
# Times a VGG16-head trial before and after the frozen-feature cache (docs/small-data.md).
# BENCH_IMAGES (default 40) generated 224x224 images, BENCH_EPOCHS (default 3). Random VGG16 weights unless the
# ImageNet file is in ~/.etiqueta/weights/ or ETIQUETA_VGG16_WEIGHTS names it: the time does not depend on them.
set -euo pipefail
cd "$(dirname "$0")/.."
uptime
# spinning OpenMP threads starve a loaded 2-core machine, as in the test run
OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" \
JAVA_OPTS="-Dbench.images=${BENCH_IMAGES:-40} -Dbench.epochs=${BENCH_EPOCHS:-3} ${JAVA_OPTS:-}" \
  bench/java search io.etiqueta.train.Vgg16CacheBenchmark 2>&1 | grep -vE '^\s*at |WARN|INFO'
uptime
