#!/usr/bin/env bash
# Connectors as code: bench/connectors.sh [--flows F] [--connectors C]   (defaults: 200 flows, 20 connectors)
# Builds the jar if needed, then runs plan and apply on a desired state that declares C connectors and binds every
# flow to one of them by key, again in sync, and once more after one password changed; prints Graph requests,
# connector writes, all writes, wall time and peak heap. Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
exec java -Xmx512m -cp target/userflow-connector-sync.jar bench/ConnectorsBench.java "$@"
