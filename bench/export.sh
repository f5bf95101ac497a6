#!/usr/bin/env bash
# Export benchmark: bench/export.sh [--flows F]   (default: 1000 flows)
# Builds the jar if needed, then runs export (twice) and a plan of the export against a generated simulated tenant
# and prints Graph HTTP requests, wall time, peak heap, files and bytes for each. Not a test: nothing passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
exec java -Xmx512m -cp target/userflow-connector-sync.jar bench/ExportBench.java "$@"
