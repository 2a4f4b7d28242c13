#!/usr/bin/env bash
# Report benchmark: time to generate a report (10, 100 and 500 trials of generated records) and to draw it in
# headless chromium, with the size of index.html and trials.csv.
#   bench/report.sh            (JAVA_OPTS="-Dbench.classes=250 -Dbench.perClass=10" sizes the many-classes search)
# Needs chromium and chromium-driver (Debian packages).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
echo "trials  generate ms  index.html KiB  trials.csv KiB  draw ms (navigation start to every chart drawn)"
bench/java search io.etiqueta.report.ReportBenchmark 2>&1 \
  | grep -E '^ *[0-9]+ +[0-9]' || { echo "report benchmark failed; run it without the filter to see why" >&2; exit 1; }
# a 250-class search of 16x16 generated images (10 per class, 4 real trials), as a sketches dataset would give
bench/java search io.etiqueta.report.ManyClassesReportBenchmark 2>&1 \
  | grep -E '^classes ' || { echo "many-classes report benchmark failed; run it without the filter to see why" >&2; exit 1; }
