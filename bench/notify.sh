#!/usr/bin/env bash
# Notification benchmark: bench/notify.sh [--messages N] [--calls N]   (defaults: 20 messages, 20000 calls)
# Builds the jar if needed, then measures (1) notification latency end to end: the daemon against a generated
# simulated tenant posts to json, slack and teams receivers on loopback; latency is a message's arrival minus the
# finishedAt of the run it is about; and (2) what notifying costs the run's thread: Notifier.finished per run, with a
# receiver that answers and with one that hangs. Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/userflow-connector-sync.jar ] || mvn -q -B -DskipTests package
exec java -Xmx512m -cp target/userflow-connector-sync.jar bench/Notifications.java "$@"
