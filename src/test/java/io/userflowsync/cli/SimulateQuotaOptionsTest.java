package io.userflowsync.cli;

import io.userflowsync.simulator.GraphQuota;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** simulate's quota options: Graph's published quota unless they say otherwise, and one error line when wrong. */
class SimulateQuotaOptionsTest {

    private static GraphQuota quota(String... args) {
        return CommandLine.parse(args).quota().quota();
    }

    @Test
    void withoutQuotaOptionsSimulateEnforcesGraphsPublishedQuota() {
        assertThat(quota("simulate")).isEqualTo(GraphQuota.published());
        assertThat(quota("simulate", "--port", "0", "--latency-ms", "5")).isEqualTo(GraphQuota.published());
    }

    @Test
    void eachFigureGivenReplacesItsPublishedOneAndTheOthersKeepTheirs() {
        assertThat(quota("simulate", "--quota-per-app", "50")).isEqualTo(GraphQuota.of(50, 300));
        assertThat(quota("simulate", "--quota-per-tenant", "120")).isEqualTo(GraphQuota.of(200, 120));
        assertThat(quota("simulate", "--quota-per-app", "50", "--quota-per-tenant", "120"))
                .isEqualTo(GraphQuota.of(50, 120));
        assertThat(quota("simulate", "--other-apps-per-minute", "200"))
                .isEqualTo(GraphQuota.published().otherAppsPerMinute(200));
        assertThat(quota("simulate", "--quota-per-tenant", "1000", "--other-apps-per-minute", "900"))
                .isEqualTo(GraphQuota.of(200, 1000).otherAppsPerMinute(900));
    }

    @Test
    void noQuotaLiftsItWholly() {
        assertThat(quota("simulate", "--no-quota")).isEqualTo(GraphQuota.unlimited());
        assertThat(quota("simulate", "--no-quota").limited()).isFalse();
    }

    @Test
    void simulateHelpListsTheQuotaOptionsAndTheFiguresBehindTheDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Commands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of())
                .run(new String[]{"simulate", "--help"});

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\n  --quota-per-app N ")
                .contains("\n  --quota-per-tenant N ").contains("\n  --other-apps-per-minute N ")
                .contains("\n  --no-quota ").contains("200 requests a minute per app, 300 for all apps");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "simulate --quota-per-app 0                      | error: --quota-per-app takes a number of requests a minute, 1 or more, got 0",
            "simulate --quota-per-tenant many                | error: --quota-per-tenant takes a number, got 'many'",
            "simulate --other-apps-per-minute -1             | error: --other-apps-per-minute takes a number of requests a minute, 0 or more, got -1",
            "simulate --other-apps-per-minute 300            | error: --other-apps-per-minute 300 leaves the agent none of the tenant's 300 requests a minute (--quota-per-tenant); give it less",
            "simulate --quota-per-tenant 50 --other-apps-per-minute 60 | error: --other-apps-per-minute 60 leaves the agent none of the tenant's 50 requests a minute (--quota-per-tenant); give it less",
            "simulate --no-quota --quota-per-app 10          | error: --no-quota lifts the quota, so it takes no --quota-per-app",
            "simulate --other-apps-per-minute 5 --no-quota   | error: --no-quota lifts the quota, so it takes no --other-apps-per-minute",
            "plan --no-quota                                 | error: plan does not take --no-quota (simulate does)",
            "demo --quota-per-app 10                         | error: demo does not take --quota-per-app (simulate does)"})
    void aWrongQuotaOptionIsOneErrorLine(String args, String error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args.split(" "));

        String command = args.split(" ")[0];
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(error + "\nRun 'userflow-connector-sync " + command + " --help' for usage.\n");
    }
}
