package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateLoader;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Git source over smart HTTP on loopback ({@code git http-backend}), with a token as Basic-auth password. */
class GitHttpSourceTest {
    private static final String TOKEN = "ghp_t0kenValue-DoNotLeak-7f3e9a";
    private static final String WRONG_TOKEN = "ghp_wrongValue-DoNotLeak-1b2c3d";
    private static final String GOOD = "userFlows:\n  B2X_1_partner_signup:\n    postFederationSignup: null\n";

    @TempDir
    Path tmp;
    private TestRemote remote;
    private GitHttpBridge bridge;
    private LogCapture logs;
    private Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        boolean git = GitHttpBridge.gitAvailable();
        if (!git) {
            System.out.println("skipping smart-HTTP tests: /usr/bin/git or git-http-backend is not installed");
        }
        assumeTrue(git, "git and git-http-backend are needed for the HTTP transport tests");
        logs = new LogCapture();
        remote = TestRemote.create(tmp, "desired");
        Files.createDirectories(tmp.resolve("scratch"));
        bridge = new GitHttpBridge(tmp, Optional.of("x-access-token:" + TOKEN), tmp.resolve("scratch")).start(0);
        tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n", StandardCharsets.UTF_8); // as a mounted secret often ends
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (remote != null) {
            remote.close();
        }
        if (logs != null) {
            try {
                // whatever happened in the test, no credential reached a log line
                assertThat(logs.text()).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
            } finally {
                logs.close();
            }
        }
    }

    private GitSettings settings(Path tokenAt) {
        return GitSettings.of(bridge.url("desired.git"), tmp.resolve("work"))
                .withAuth(GitAuth.httpsToken(SecretRef.file(tokenAt)));
    }

    @Test
    void tokenAuthClonesThenFollowsNewCommitsAndForcePushes() throws Exception {
        RevCommit first = remote.commit("first", Map.of("flows.yaml", GOOD));
        GitSettings settings = settings(tokenFile);
        assertThat(settings.toString()).doesNotContain(TOKEN).contains("file:" + tokenFile);
        try (GitMirror source = new GitMirror(settings)) {
            RevisionSnapshot one = source.fetch();
            assertThat(one.revision().commitId()).contains(first.name());
            assertThat(one.revision().location()).isEqualTo(bridge.url("desired.git"));
            assertThat(bridge.unauthorizedAnswers()).as("the bridge really demanded credentials").isPositive();

            RevCommit second = remote.commit("second", Map.of("flows.yaml", GOOD + "  B2X_1_b: {}\n"));
            assertThat(source.fetch().revision().commitId()).contains(second.name());

            RevCommit rewritten = remote.forcePush(first, "rewritten", Map.of("flows.yaml", GOOD + "  B2X_1_c: {}\n"));
            RevisionSnapshot after = source.fetch();
            assertThat(after.revision().commitId()).contains(rewritten.name());
            assertThat(Files.readString(after.root().resolve("flows.yaml"))).contains("B2X_1_c").doesNotContain("B2X_1_b");
        }
    }

    @Test
    void wrongTokenIsRefusedWithoutShowingIt() throws Exception {
        remote.commit("first", Map.of("flows.yaml", GOOD));
        Path wrong = tmp.resolve("wrong-token");
        Files.writeString(wrong, WRONG_TOKEN, StandardCharsets.UTF_8);
        try (GitMirror source = new GitMirror(settings(wrong))) {
            assertThatThrownBy(source::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GitSourceException.Kind.UNREACHABLE);
                        assertThat(e.getMessage()).contains("check the configured credentials")
                                .contains("file:" + wrong)
                                .doesNotContain(WRONG_TOKEN).doesNotContain(TOKEN);
                        assertThat(e.toString()).doesNotContain(WRONG_TOKEN);
                    });
        }
    }

    @Test
    void anonymousAccessIsRefused() throws Exception {
        remote.commit("first", Map.of("flows.yaml", GOOD));
        try (GitMirror source = new GitMirror(GitSettings.of(bridge.url("desired.git"), tmp.resolve("work")))) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitSourceException.class)
                    .hasMessageContaining(bridge.url("desired.git"));
        }
    }

    @Test
    void unreadableTokenFileIsAConfigurationError() {
        try (GitMirror source = new GitMirror(settings(tmp.resolve("not-mounted")))) {
            assertThatThrownBy(source::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.CONFIGURATION))
                    .hasMessageContaining("cannot read secret file " + tmp.resolve("not-mounted"));
        }
    }

    @Test
    void serverDownFallsBackThenCatchesUpWhenItReturns() throws Exception {
        RevCommit good = remote.commit("good", Map.of("flows.yaml", GOOD));
        try (GitMirror source = new GitMirror(settings(tokenFile))) {
            DesiredSourceResolver resolver = new DesiredSourceResolver(source, new DesiredStateLoader(false)::load, OnSourceError.LAST_GOOD);
            assertThat(resolver.resolve()).isInstanceOf(SourceOutcome.Current.class);

            int port = bridge.port();
            bridge.stop();
            RevCommit whileDown = remote.commit("pushed while the agent could not reach the server",
                    Map.of("flows.yaml", GOOD + "  B2X_1_new:\n    postAttributeCollection: null\n"));
            SourceOutcome down = resolver.resolve();
            assertThat(down).isInstanceOfSatisfying(SourceOutcome.Fallback.class, f -> {
                assertThat(f.lastGood().source().commitId()).contains(good.name());
                assertThat(f.lastGood().flows()).isNotEmpty();
                assertThat(f.failedRevision()).isEmpty();
                assertThat(f.reason()).contains("cannot fetch " + bridge.url("desired.git").replace(":" + port, ":" + port));
            });
            assertThat(resolver.status().problem()).isPresent();

            bridge = new GitHttpBridge(tmp, Optional.of("x-access-token:" + TOKEN), tmp.resolve("scratch")).start(port);
            SourceOutcome back = resolver.resolve();
            assertThat(back).isInstanceOf(SourceOutcome.Current.class);
            assertThat(back.desiredState().orElseThrow().source().commitId()).contains(whileDown.name());
            assertThat(resolver.status().problem()).isEmpty();
        }
    }
}
