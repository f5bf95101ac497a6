package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.SourceRevision;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a snapshot holds, straight from a real repository's object database (no fetch): only what the desired-state
 * loader reads (issue 6 item 13e), never the rest of the revision, such as a 50 MB binary or nested folders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one repository with a 50 MB blob for all tests: it takes seconds
class SnapshotStoreTest {
    private static final String FLOWS = "userFlows:\n  B2X_1_%s:\n    postFederationSignup: null\n";
    private static final int BINARY_SIZE = 50 * 1024 * 1024;

    @TempDir
    static Path tmp; // static: created before @BeforeAll, shared by the tests
    private TestRemote remote;
    private Repository repo;
    private RevCommit commit;
    private int workDirs;

    @BeforeAll
    void commitALayoutWithABinaryAndNestedFolders() throws Exception {
        remote = TestRemote.create(tmp, "desired");
        byte[] binary = new byte[BINARY_SIZE];
        Arrays.fill(binary, (byte) 0x7f);
        commit = remote.commitWithBinary("layout", "assets/logo.bin", binary, Map.of(
                "root.yaml", FLOWS.formatted("root"),
                "README.md", "hello\n",
                ".hidden.yaml", "not read: starts with a dot\n",
                "UPPER.YAML", "not read: the extensions are lower-case\n",
                "tenants/prod/flows.yaml", FLOWS.formatted("prod"),
                "tenants/prod/team.yml", FLOWS.formatted("team"),
                "tenants/prod/notes.txt", "not read\n",
                "tenants/prod/archive/old.yaml", "not read: in a subfolder\n",
                "tenants/only-nested/deeper/flows.yaml", FLOWS.formatted("deeper")));
        repo = new FileRepositoryBuilder().setGitDir(remote.bareDir().toFile()).setMustExist(true).build();
    }

    @AfterAll
    void close() {
        repo.close();
        remote.close();
    }

    private Path materialise(String path) throws Exception {
        Path workDir = tmp.resolve("work-" + ++workDirs);
        GitSettings settings = GitSettings.of(remote.fileUrl(), workDir).withPath(path);
        SourceRevision revision = new SourceRevision(settings.location(), Optional.of(commit.name()),
                Optional.empty(), Optional.empty());
        return new SnapshotStore(settings, workDir.resolve("snapshots")).materialise(repo, commit, revision);
    }

    private List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
        }
    }

    @ParameterizedTest(name = "path ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                      | root.yaml",
            "tenants/prod            | tenants/prod/flows.yaml tenants/prod/team.yml",
            "tenants/prod/notes.txt  | tenants/prod/notes.txt",
            "tenants/prod/flows.yaml | tenants/prod/flows.yaml",
    })
    void aSnapshotHoldsOnlyTheFilesTheLoaderReads(String path, String expected) throws Exception {
        Path root = materialise(path);

        Path snapshots = tmp.resolve("work-" + workDirs).resolve("snapshots");
        Path snapshot = snapshots.resolve(snapshots.relativize(root).getName(0));
        assertThat(filesUnder(snapshot)).containsExactlyInAnyOrder(expected.strip().split(" "));
    }

    @Test
    void theLoaderReadsTheSnapshotOfTheRootAndOfAFolderAsItWouldReadTheCheckout() throws Exception {
        DesiredStateLoader loader = new DesiredStateLoader(false);

        assertThat(loader.load(materialise("")).flows()).extracting(DesiredFlow::flowId).containsExactly("B2X_1_root");
        assertThat(loader.load(materialise("tenants/prod")).flows()).extracting(DesiredFlow::flowId)
                .containsExactly("B2X_1_prod", "B2X_1_team");
    }

    @Test
    void aFolderWithYamlOnlyInSubfoldersIsStillAFolderTheLoaderRefusesAsEmpty() throws Exception {
        Path root = materialise("tenants/only-nested");

        assertThat(root).isDirectory();
        assertThat(filesUnder(root)).isEmpty();
        assertThatThrownBy(() -> new DesiredStateLoader(false).load(root)).isInstanceOf(DesiredStateException.class)
                .hasMessageContaining("no *.yaml or *.yml file in this folder");
    }
}
