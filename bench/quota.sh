#!/usr/bin/env bash
# Under Graph's published quota: bench/quota.sh [--flows 1000,10000] [--steady-minutes 5] [--latency-ms 30].
# Push→applied for a one-flow commit, 429s and budget spent in steady state, the rolling scan's pace and sweep period,
# and plan --changed-since for a one-flow change (one java -jar process); --plan-only: that plan alone, plainly and with
# an AppCDS archive. Builds the jar if needed. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
exec java -Xmx2g -cp target/userflow-connector-sync.jar bench/QuotaBench.java "$@" 2>target/bench-quota.log
