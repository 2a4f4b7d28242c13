#!/usr/bin/env bash
# Times a VGG16-head trial before and after the frozen-feature cache (docs/small-data.md).
# BENCH_IMAGES (default 40) generated 224x224 images, BENCH_EPOCHS (default 3). Random VGG16 weights unless the
# ImageNet file is in ~/.etiqueta/weights/ or ETIQUETA_VGG16_WEIGHTS names it: the time does not depend on them.
set -euo pipefail
cd "$(dirname "$0")/.."
uptime
./mvnw -B -q -pl search -am test -Dtest=Vgg16CacheBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.images="${BENCH_IMAGES:-40}" -Dbench.epochs="${BENCH_EPOCHS:-3}" 2>&1 | grep -vE '^\s*at |WARN|INFO'
uptime
