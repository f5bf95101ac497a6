#!/usr/bin/env bash
# How far one replica goes: bench/tenants.sh [--tenants 1,6,20] [--flows F] [--drift FRACTION] [--latency-ms L]
# [--window-s W] [--schedule 1s] (defaults: 1, 6 and 20 tenants of 100 flows, 0.1 drifted at the start, 30 ms per
# request, a 30 s window). Builds the jar if needed, then runs the daemon with sync.tenants against one simulator per
# tenant in this JVM and prints the first runs' time, runs and flows reconciled per minute, CPU and heap.
# Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
# The agent's log goes to target/bench-tenants.log; the table to stdout.
exec java -Xmx1g -cp target/userflow-connector-sync.jar bench/TenantsBench.java "$@" 2>target/bench-tenants.log
