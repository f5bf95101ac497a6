#!/usr/bin/env bash
# Baseline benchmark: bench/run.sh [--flows F] [--drift FRACTION]   (defaults: 200 flows, 0.1 of the steps drifted)
# Builds the jar if needed, then runs plan, apply, plan against a generated simulated tenant and prints
# Graph HTTP requests, wall time and peak heap for each. Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
exec java -Xmx512m -cp target/userflow-connector-sync.jar bench/Baseline.java "$@"
