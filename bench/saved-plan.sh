#!/usr/bin/env bash
# Saved plans: bench/saved-plan.sh [--flows F] [--drift FRACTION]   (defaults: 200 flows, 0.1 of the steps drifted)
# Builds the jar if needed, then runs plan --out FILE and apply FILE against a generated simulated tenant, and plain
# apply against a copy of it, and prints Graph requests, writes, wall time, peak heap and the plan file's size.
# Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
exec java -Xmx512m -cp target/userflow-connector-sync.jar bench/SavedPlanBench.java "$@"
