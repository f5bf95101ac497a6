package io.userflowsync.e2e;

import io.userflowsync.source.OpenPgpTestKey;
import io.userflowsync.source.TestRemote;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code apply} with sync.git.verify-signatures: a signed commit is reconciled, an unsigned one after it is not. */
class SignedCommitsCommandsTest {
    @TempDir
    Path tmp;
    private TestRemote remote;
    private TestTenant t;
    private OpenPgpTestKey key;
    private Path keyring;

    @BeforeEach
    void start() throws Exception {
        remote = TestRemote.create(tmp, "identity-config");
        t = TestTenant.demoLike();
        key = OpenPgpTestKey.generate("Release Bot <release@example.com>");
        keyring = tmp.resolve("release-keys.asc");
        OpenPgpTestKey.exportKeyring(keyring, true, key);
    }

    @AfterEach
    void stop() {
        t.close();
        remote.close();
    }

    private TestTenant.Result apply() {
        return t.run("apply", "--git", remote.fileUrl(), "--set", "sync.git.work-dir=" + tmp.resolve("work"),
                "--set", "sync.git.verify-signatures=true", "--set", "sync.git.gpg.keyring=" + keyring);
    }

    @Test
    void anUnsignedCommitAfterASignedOneIsNeverAppliedAndTheSignedOneStays() throws Exception {
        RevCommit signed = remote.commitSigned("Bind partner checks", Map.of("flows.yaml", ReconcileCommandsTest.DESIRED),
                key, GpgConfig.GpgFormat.OPENPGP, "release");
        TestTenant.Result first = apply();
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("Commit: " + signed.name()).contains("verified 4");

        RevCommit unsigned = remote.commit("Unbind employees", Map.of("flows.yaml", ReconcileCommandsTest.DESIRED + """
                  B2X_1_employees:
                    postAttributeCollection: null
                """));
        TestTenant.Result second = apply();

        assertThat(second.exitCode()).as("reconciled from the last good revision: " + second.all()).isEqualTo(1);
        assertThat(second.out()).contains("Commit: " + signed.name());
        assertThat(second.err()).contains("commit " + unsigned.name() + " is not signed");
        assertThat(t.tenant.bindings("B2X_1_employees")).as("nothing from the unsigned revision")
                .containsEntry("postAttributeCollection", ReconcileCommandsTest.LEGACY);
    }
}
