#!/usr/bin/env bash
# Who caused the drift: bench/forensics.sh [--flows F] [--drift FRACTION] [--audit-entries E] [--latency-ms L] [--runs N]
# (defaults: 200 flows, 0.1 of the steps drifted, 1000 audit entries, 30 ms per request, 3 runs each).
# Builds the jar if needed, then runs `plan` against a generated simulated tenant whose audit log holds E outside
# changes, with sync.forensics=on and =off in turn, and prints Graph requests, audit requests, wall time and peak heap.
# Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
exec java -Xmx512m -cp target/userflow-connector-sync.jar bench/ForensicsBench.java "$@"
