package io.userflowsync.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userflowsync.report.SyncMetrics;
import io.userflowsync.run.RunFailure;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every log line of a run carries the run's id in the MDC (docs/logging.md: the JSON logs' runId), and only those. */
class RunIdLogsTest {
    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void aRunsLinesCarryItsIdAndTenantUntilItIsReportedAndTheNextRunGetsANewOne() {
        List<String> seenByListener = new ArrayList<>();
        RunReporter reporter = new RunReporter(new RunStatus(Clock.systemUTC()),
                new SyncMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), false,
                List.of((run, at) -> seenByListener.add(MDC.get(RunReporter.RUN_ID_MDC))), Optional.of("dev"));

        SyncRun first = reporter.start(RunMode.PLAN);
        String firstId = MDC.get(RunReporter.RUN_ID_MDC);
        assertThat(firstId).matches("[0-9a-f]{12}");
        assertThat(MDC.get(RunReporter.TENANT_MDC)).isEqualTo("dev");
        reporter.report(stopped(first));
        assertThat(seenByListener).as("the run's own lines, the report's included").containsExactly(firstId);
        assertThat(MDC.get(RunReporter.RUN_ID_MDC)).as("after the run").isNull();
        assertThat(MDC.get(RunReporter.TENANT_MDC)).isNull();

        reporter.report(stopped(reporter.start(RunMode.APPLY)));
        assertThat(seenByListener).hasSize(2).doesNotHaveDuplicates();
    }

    /** A run that ended before its plan (the desired state could not be read), the simplest run to report. */
    private static SyncRun stopped(SyncRun run) {
        return run.withFailure(new RunFailure("desired state", "the file is missing", List.of()));
    }
}
