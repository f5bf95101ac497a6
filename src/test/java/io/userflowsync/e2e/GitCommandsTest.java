package io.userflowsync.e2e;

import io.userflowsync.source.TestRemote;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** plan, apply and validate with the desired state from a Git revision: every output names the revision. */
class GitCommandsTest {
    @TempDir
    Path tmp;
    private TestRemote remote;
    private TestTenant t;

    @BeforeEach
    void start() throws Exception {
        remote = TestRemote.create(tmp, "identity-config");
        t = TestTenant.demoLike();
    }

    @AfterEach
    void stop() {
        t.close();
        remote.close();
    }

    private TestTenant.Result run(String command, String... more) {
        String[] args = new String[6 + more.length];
        args[0] = command;
        args[1] = "--git";
        args[2] = remote.fileUrl();
        args[3] = "--set";
        args[4] = "sync.git.work-dir=" + tmp.resolve("work");
        args[5] = "--verbose";
        System.arraycopy(more, 0, args, 6, more.length);
        return t.run(args);
    }

    @Test
    void planAndApplyNameTheCommitTheyCameFrom() throws Exception {
        RevCommit commit = remote.commit("Bind partner checks", Map.of("flows.yaml", ReconcileCommandsTest.DESIRED));

        TestTenant.Result plan = run("plan");
        TestTenant.Result apply = run("apply", "--output", "text");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("Commit: " + commit.name()).contains(commit.name().substring(0, 12))
                .contains("\"Bind partner checks\"");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("Commit: " + commit.name()).contains("verified 4");
    }

    @Test
    void anInvalidNewestRevisionFailsValidateAndPlanWhileApplyKeepsTheLastGood() throws Exception {
        RevCommit good = remote.commit("Bind partner checks", Map.of("flows.yaml", ReconcileCommandsTest.DESIRED));
        assertThat(run("validate").exitCode()).isZero();
        RevCommit bad = remote.commit("Add flow", Map.of("flows.yaml", ReconcileCommandsTest.DESIRED + """
                  B2X_1_employees:
                    postAttributeCollection:
                """));

        TestTenant.Result validate = run("validate");
        TestTenant.Result plan = run("plan");

        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.err()).contains("\n  flows.yaml:11:29:").contains("empty value").contains(bad.name().substring(0, 12));
        assertThat(plan.exitCode()).as("a plan from the last good revision is not a clean plan").isEqualTo(1);
        assertThat(plan.err()).contains("WARNING: this run uses the last good revision").contains(good.name().substring(0, 12))
                .contains("flows.yaml:11:");
        assertThat(plan.out()).contains("Commit: " + good.name());
        assertThat(t.writes()).isEmpty();

        TestTenant.Result apply = run("apply");

        assertThat(apply.exitCode()).as("reconciled, but from the last good revision").isEqualTo(1);
        assertThat(apply.out()).contains("Commit: " + good.name()).contains("verified 4");
        assertThat(t.tenant.bindings("B2X_1_employees")).as("nothing from the invalid revision")
                .containsEntry("postAttributeCollection", ReconcileCommandsTest.LEGACY);
    }
}
