package io.userflowsync.e2e;

import io.userflowsync.simulator.GraphQuota;
import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graph's 300 requests a minute per tenant are shared by every app (includes/throttling-cpim.md): when other apps
 * spend most of them, Graph refuses the agent's requests although the agent is within its own 200, and the agent
 * slows down to what the tenant leaves it instead of failing or being refused again and again.
 */
class OtherAppsShareTest {
    private static final String A = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    private static final int FLOWS = 60; // more than the 50 a minute the other apps leave

    @TempDir
    Path dir;

    @Test
    void whenOtherAppsSpendTheTenantsShareThePlanSlowsDownToWhatIsLeftAndCompletes() throws Exception {
        SimulatedTenant tenant = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", TestTenant.SECRET);
        tenant.addConnector(A, "Check partner domain", "https://partner.example/check", "api", "pw-1");
        StringBuilder yaml = new StringBuilder("userFlows:\n");
        for (int i = 0; i < FLOWS; i++) {
            String id = String.format(Locale.ROOT, "B2X_1_flow%04d", i);
            tenant.addFlow(id).bind(id, "postAttributeCollection", A);
            yaml.append("  ").append(id).append(":\n    postAttributeCollection: {id: ").append(A).append("}\n");
        }
        try (TestTenant t = TestTenant.of(tenant)) {
            t.simulator.quota(GraphQuota.published().otherAppsPerMinute(250));

            TestTenant.Result plan = t.run("plan", "--desired", TestTenant.desired(dir, yaml.toString()).toString());

            assertThat(plan.exitCode()).as(plan.all()).isZero();
            assertThat(plan.out()).contains("No changes").contains(FLOWS + " managed steps");
            assertThat(t.simulator.throttledCount()).as("refused once, at the edge of what is left, not again")
                    .isPositive().isLessThanOrEqualTo(20);
            java.util.regex.Matcher ceiling = java.util.regex.Pattern.compile("Graph refused \\d+ requests? \\(HTTP"
                    + " 429\\); the run spent \\d+ requests, at most (\\d+) a minute \\(graph.quota-per-minute 200\\)")
                    .matcher(plan.out());
            assertThat(ceiling.find()).as(plan.out()).isTrue();
            assertThat(Integer.parseInt(ceiling.group(1)))
                    .as("lowered from a one-off command's 140 to about what got through (50), never below 20")
                    .isBetween(20, 60);
        }
    }
}
