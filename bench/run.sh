#!/usr/bin/env bash
# The benchmark (bench/README.md): bench/run.sh [options]
#   --flows 100,1000,10000   tenant sizes (user flows, both steps of each managed)
#   --drift 0.1              share of the managed steps drifted (bind, rebind, unbind)
#   --latency-ms 30          added to every HTTP request the tenant answers (token, Graph, $batch)
#   --runs 1                 repetitions of everything; with more, a table of medians follows
#   --no-small               leave out F = 10 with no added latency
#   --daemon-flows 1000      the daemon (JVM already up) on a tenant with no drift; 'none' to leave it out
#   --daemon-runs 5          daemon runs measured after the one at start
#   --java-options "..."     JVM options for the agent (e.g. "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
#   --jar PATH               the agent's jar (default target/userflow-connector-sync.jar)
# Builds the jar if it is missing. Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
exec java -cp target/userflow-connector-sync.jar bench/Bench.java "$@"
