package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.simulator.SimulatedTenant;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan --changed-since REV} on a CI checkout of the config repo: only the flows the change touches are read,
 * with Graph's quota on, and the plan says it is partial in every format.
 */
class PlanChangedSinceTest {
    private static final String A = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    private static final String B = "7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10";
    private static final int FLOWS = 500;

    @TempDir
    Path tmp;
    private TestTenant t;
    private Git repo;
    private Path file;

    private static String flowId(int i) {
        return String.format(Locale.ROOT, "B2X_1_flow%04d", i);
    }

    private static String desired(int onB) {
        StringBuilder yaml = new StringBuilder("userFlows:\n");
        for (int i = 0; i < FLOWS; i++) {
            yaml.append("  ").append(flowId(i)).append(":\n    postAttributeCollection: {id: ")
                    .append(i == onB ? B : A).append("}\n");
        }
        return yaml.toString();
    }

    @BeforeEach
    void start() throws Exception {
        SimulatedTenant tenant = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", TestTenant.SECRET);
        tenant.addConnector(A, "Check partner domain", "https://partner.example/check", "api", "pw-1")
                .addConnector(B, "Enrich partner profile", "https://partner.example/enrich", "api", "pw-2");
        for (int i = 0; i < FLOWS; i++) {
            tenant.addFlow(flowId(i)).bind(flowId(i), "postAttributeCollection", A);
        }
        t = TestTenant.of(tenant);
        repo = Git.init().setInitialBranch("main").setDirectory(tmp.resolve("config").toFile()).call();
        file = tmp.resolve("config/tenants/prod/flows.yaml");
        Files.createDirectories(file.getParent());
        commit(desired(-1), "every flow calls A");
        commit(desired(321), "flow0321 calls B");
    }

    private void commit(String yaml, String message) throws Exception {
        Files.writeString(file, yaml);
        repo.add().addFilepattern(".").call();
        repo.commit().setMessage(message).setAuthor("dev", "dev@example.com").setSign(false).call();
    }

    @AfterEach
    void stop() {
        repo.close();
        t.close();
    }

    @Test
    void aOneFlowChangeOfAFiveHundredFlowTenantReadsThatFlowAlone() throws Exception {
        t.simulator.clearRequests();
        TestTenant.Result json = t.run("plan", "--desired", file.toString(), "--changed-since", "HEAD~1",
                "--output", "json");

        assertThat(json.exitCode()).as(json.all()).isEqualTo(2);
        JsonNode summary = new ObjectMapper().readTree(json.out()).path("summary");
        assertThat(summary.path("partial").booleanValue()).as(json.out()).isTrue();
        assertThat(summary.path("plannedFlows").intValue()).isEqualTo(1);
        assertThat(summary.path("managedFlows").intValue()).isEqualTo(FLOWS);
        assertThat(summary.path("rebind").intValue()).isEqualTo(1);
        long graphRequests = t.simulator.requests().stream().filter(r -> !r.path().endsWith("/token")).count();
        assertThat(graphRequests).as("a listing and one read, not " + FLOWS).isLessThanOrEqualTo(4);
        assertThat(t.simulator.throttledCount()).isZero();

        TestTenant.Result text = t.run("plan", "--desired", file.toString(), "--changed-since", "HEAD~1");
        assertThat(text.out()).contains("Partial plan: 1 of 500 managed flows", flowId(321));
        TestTenant.Result markdown = t.run("plan", "--desired", file.toString(), "--changed-since", "HEAD~1",
                "--output", "markdown");
        assertThat(markdown.out()).contains("**Partial plan**");
    }

    @Test
    void aRevisionThatDoesNotExistFallsBackToAFullPlanAndSaysWhyAndSavingAPartialPlanIsRefused() {
        TestTenant.Result refused = t.run("plan", "--desired", file.toString(), "--changed-since", "HEAD~1",
                "--out", tmp.resolve("plan.json").toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.all()).contains("--changed-since makes a partial plan");
        assertThat(tmp.resolve("plan.json")).doesNotExist();

        t.simulator.quota(io.userflowsync.simulator.GraphQuota.unlimited()); // a full plan of 500 flows
        TestTenant.Result full = t.run("plan", "--desired", file.toString(), "--changed-since", "no-such-branch",
                "--set", "graph.max-requests-per-minute=0");
        assertThat(full.exitCode()).as(full.all()).isEqualTo(2);
        assertThat(full.all()).contains("no-such-branch", "planning every managed flow");
        assertThat(full.out()).doesNotContain("Partial plan");
    }
}
