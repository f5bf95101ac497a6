package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateLoader;

import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.SourceLocation;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Last-good semantics over real repositories (file://). */
class DesiredSourceResolverTest {
    private static final String GOOD = "userFlows:\n  B2X_1_partner_signup:\n    postFederationSignup: Check partner\n";
    private static final String GOOD_2 = GOOD + "  B2X_1_customers:\n    postAttributeCollection: null\n";
    private static final String BROKEN = "# edited in a hurry\nuserflows:\n  B2X_1_partner_signup: {}\n";

    @TempDir
    Path tmp;
    private TestRemote remote;
    private final DesiredStateReader reader = new DesiredStateLoader(false)::load;

    @BeforeEach
    void createRemote() throws Exception {
        remote = TestRemote.create(tmp, "desired");
    }

    @AfterEach
    void closeRemote() {
        remote.close();
    }

    private GitSettings settings() {
        return GitSettings.of(remote.fileUrl(), tmp.resolve("work")).withPath("config");
    }

    private static java.util.List<String> flowIds(SourceOutcome outcome) {
        return outcome.desiredState().orElseThrow().flows().stream().map(DesiredFlow::flowId).toList();
    }

    @Test
    void invalidCommitFallsBackToTheLastGoodOneWhichSurvivesARestart() throws Exception {
        RevCommit good = remote.commit("Bind partner check", Map.of("config/flows.yaml", GOOD));
        try (GitMirror source = new GitMirror(settings())) {
            DesiredSourceResolver resolver = new DesiredSourceResolver(source, reader, OnSourceError.LAST_GOOD);
            SourceOutcome first = resolver.resolve();
            assertThat(first).isInstanceOf(SourceOutcome.Current.class);
            assertThat(flowIds(first)).containsExactly("B2X_1_partner_signup");
            assertThat(first.desiredState().orElseThrow().source().commitId()).contains(good.name());
            assertThat(resolver.status().healthy()).isTrue();

            RevCommit bad = remote.commit("Typo in key", Map.of("config/flows.yaml", BROKEN));
            SourceOutcome second = resolver.resolve();
            assertThat(second).isInstanceOfSatisfying(SourceOutcome.Fallback.class, f -> {
                assertThat(f.lastGood().source().commitId()).contains(good.name());
                assertThat(f.failedRevision().flatMap(r -> r.commitId())).contains(bad.name());
                assertThat(f.problems()).extracting(ValidationProblem::location)
                        .containsOnly(new SourceLocation("config/flows.yaml", 2, 1));
                assertThat(f.reason()).contains(bad.name().substring(0, 12)).contains(good.name().substring(0, 12));
            });
            assertThat(flowIds(second)).containsExactly("B2X_1_partner_signup");
            SourceStatus status = resolver.status();
            assertThat(status.healthy()).isFalse();
            assertThat(status.newestSeen().flatMap(r -> r.commitId())).contains(bad.name());
            assertThat(status.lastGood().flatMap(r -> r.commitId())).contains(good.name());
            assertThat(status.problem().orElseThrow().problems()).hasSize(2);
        }
        assertThat(tmp.resolve("work/last-good.json")).content().contains(good.name());

        // a new process: same work directory, remote still broken
        try (GitMirror restarted = new GitMirror(settings())) {
            DesiredSourceResolver resolver = new DesiredSourceResolver(restarted, reader, OnSourceError.LAST_GOOD);
            assertThat(resolver.status().lastGood().flatMap(r -> r.commitId())).contains(good.name());
            SourceOutcome afterRestart = resolver.resolve();
            assertThat(afterRestart).isInstanceOf(SourceOutcome.Fallback.class);
            assertThat(afterRestart.desiredState().orElseThrow().source().commitId()).contains(good.name());
            assertThat(afterRestart.desiredState().orElseThrow().source().subject()).contains("Bind partner check");
            assertThat(flowIds(afterRestart)).containsExactly("B2X_1_partner_signup");

            RevCommit fixed = remote.commit("Fix typo", Map.of("config/flows.yaml", GOOD_2));
            SourceOutcome recovered = resolver.resolve();
            assertThat(recovered).isInstanceOf(SourceOutcome.Current.class);
            assertThat(recovered.desiredState().orElseThrow().source().commitId()).contains(fixed.name());
            assertThat(resolver.status().healthy()).isTrue();
        }
        assertThat(tmp.resolve("work/last-good.json")).content().doesNotContain(good.name());
    }

    @Test
    void unreachableRemoteFallsBackAndCatchesUpWhenItReturns() throws Exception {
        RevCommit good = remote.commit("good", Map.of("config/flows.yaml", GOOD));
        Path away = tmp.resolve("moved-away.git");
        try (GitMirror source = new GitMirror(settings())) {
            DesiredSourceResolver resolver = new DesiredSourceResolver(source, reader, OnSourceError.LAST_GOOD);
            assertThat(resolver.resolve()).isInstanceOf(SourceOutcome.Current.class);

            Files.move(remote.bareDir(), away);
            SourceOutcome down = resolver.resolve();
            assertThat(down).isInstanceOfSatisfying(SourceOutcome.Fallback.class, f -> {
                assertThat(f.failedRevision()).isEmpty();
                assertThat(f.reason()).contains("desired.git");
                assertThat(f.lastGood().flows()).isNotEmpty();
            });
            assertThat(down.desiredState().orElseThrow().source().commitId()).contains(good.name());

            Files.move(away, remote.bareDir());
            RevCommit newer = remote.commit("newer", Map.of("config/flows.yaml", GOOD_2));
            SourceOutcome back = resolver.resolve();
            assertThat(back).isInstanceOf(SourceOutcome.Current.class);
            assertThat(back.desiredState().orElseThrow().source().commitId()).contains(newer.name());
            assertThat(flowIds(back)).containsExactly("B2X_1_customers", "B2X_1_partner_signup");
        }
    }

    @Test
    void brokenFromTheFirstRunIsUnavailableNeverEmpty() throws Exception {
        remote.commit("broken from the start", Map.of("config/flows.yaml", BROKEN));
        try (GitMirror source = new GitMirror(settings())) {
            SourceOutcome outcome = new DesiredSourceResolver(source, reader, OnSourceError.LAST_GOOD).resolve();
            assertThat(outcome).isInstanceOfSatisfying(SourceOutcome.Unavailable.class, u -> {
                assertThat(u.reason()).contains("no earlier revision validated");
                assertThat(u.problems()).hasSize(2);
            });
            assertThat(outcome.desiredState()).isEmpty();
        }
        GitSettings unreachable = GitSettings.of(tmp.resolve("nowhere.git").toUri().toString(), tmp.resolve("work2"));
        try (GitMirror source = new GitMirror(unreachable)) {
            assertThat(new DesiredSourceResolver(source, reader, OnSourceError.LAST_GOOD).resolve())
                    .isInstanceOf(SourceOutcome.Unavailable.class);
        }
    }

    @Test
    void skipSettingMakesABrokenSourceUnavailableEvenWithALastGood() throws Exception {
        remote.commit("good", Map.of("config/flows.yaml", GOOD));
        try (GitMirror source = new GitMirror(settings())) {
            DesiredSourceResolver resolver = new DesiredSourceResolver(source, reader, OnSourceError.parse("skip"));
            assertThat(resolver.resolve()).isInstanceOf(SourceOutcome.Current.class);
            remote.commit("bad", Map.of("config/flows.yaml", BROKEN));
            SourceOutcome skipped = resolver.resolve();
            assertThat(skipped).isInstanceOfSatisfying(SourceOutcome.Unavailable.class,
                    u -> assertThat(u.reason()).contains("onSourceError=skip"));
            assertThat(skipped.desiredState()).isEmpty();
            assertThat(resolver.status().lastGood()).isPresent();
        }
    }

    @Test
    void pathMissingInTheNewestRevisionFallsBackNamingThatRevision() throws Exception {
        RevCommit good = remote.commit("good", Map.of("config/flows.yaml", GOOD));
        try (GitMirror first = new GitMirror(settings())) {
            assertThat(new DesiredSourceResolver(first, reader, OnSourceError.LAST_GOOD).resolve())
                    .isInstanceOf(SourceOutcome.Current.class);
        }
        Map<String, String> move = new HashMap<>();
        move.put("config/flows.yaml", null);
        move.put("conf/flows.yaml", GOOD);
        RevCommit moved = remote.commit("move config", move);
        try (GitMirror source = new GitMirror(settings())) {
            SourceOutcome outcome = new DesiredSourceResolver(source, reader, OnSourceError.LAST_GOOD).resolve();
            assertThat(outcome).isInstanceOfSatisfying(SourceOutcome.Fallback.class, f -> {
                assertThat(f.failedRevision().flatMap(r -> r.commitId())).contains(moved.name());
                assertThat(f.reason()).contains("path 'config' does not exist");
                assertThat(f.lastGood().source().commitId()).contains(good.name());
            });
        }
    }

    @Test
    void lastGoodOfAnotherPathIsNotUsed() throws Exception {
        remote.commit("good", Map.of("config/flows.yaml", GOOD, "other/flows.yaml", BROKEN));
        try (GitMirror source = new GitMirror(settings())) {
            assertThat(new DesiredSourceResolver(source, reader, OnSourceError.LAST_GOOD).resolve())
                    .isInstanceOf(SourceOutcome.Current.class);
        }
        try (GitMirror other = new GitMirror(settings().withPath("other"))) {
            assertThat(new DesiredSourceResolver(other, reader, OnSourceError.LAST_GOOD).resolve())
                    .isInstanceOf(SourceOutcome.Unavailable.class);
        }
    }

    @Test
    void aChangedRefDoesNotFallBackToTheLastGoodOfAnotherRef() throws Exception {
        RevCommit good = remote.commit("good on main", Map.of("config/flows.yaml", GOOD));
        try (GitMirror main = new GitMirror(settings().withRef("main"))) {
            assertThat(new DesiredSourceResolver(main, reader, OnSourceError.LAST_GOOD).resolve())
                    .isInstanceOf(SourceOutcome.Current.class);
        }
        RevCommit broken = remote.commit("broken on main", Map.of("config/flows.yaml", BROKEN));
        remote.branch("staging", broken);

        // SYNC_GIT_REF changed (or a typo names a branch that does not exist): main's last good must not be applied
        for (String otherRef : new String[] {"staging", "staging-typo"}) {
            try (LogCapture logs = new LogCapture(); GitMirror other = new GitMirror(settings().withRef(otherRef))) {
                DesiredSourceResolver resolver = new DesiredSourceResolver(other, reader, OnSourceError.LAST_GOOD);
                SourceOutcome outcome = resolver.resolve();
                assertThat(outcome).as(otherRef).isInstanceOf(SourceOutcome.Unavailable.class);
                assertThat(resolver.status().lastGood()).as(otherRef).isEmpty();
                assertThat(logs.text()).as(otherRef).contains("ignoring the persisted last good revision")
                        .contains("ref main");
            }
        }
        // the key is unchanged: the last good is used again
        try (GitMirror main = new GitMirror(settings().withRef("main"))) {
            SourceOutcome outcome = new DesiredSourceResolver(main, reader, OnSourceError.LAST_GOOD).resolve();
            assertThat(outcome).isInstanceOf(SourceOutcome.Fallback.class);
            assertThat(outcome.desiredState().orElseThrow().source().commitId()).contains(good.name());
        }
    }

    @Test
    void aLastGoodRecordWithoutItsRefFromAnEarlierVersionIsIgnoredThenReplaced() throws Exception {
        RevCommit good = remote.commit("good", Map.of("config/flows.yaml", GOOD));
        try (GitMirror source = new GitMirror(settings())) {
            assertThat(new DesiredSourceResolver(source, reader, OnSourceError.LAST_GOOD).resolve())
                    .isInstanceOf(SourceOutcome.Current.class);
        }
        Path record = tmp.resolve("work/last-good.json");
        String root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.toFile()).get("root").asText();
        // what the first version wrote: keyed by URL and path only
        Files.writeString(record, """
                {"version": 1, "location": "%s", "commitId": "%s", "authorTime": null, "subject": "good",
                 "shownAs": "config", "root": "%s", "savedAt": "2026-11-25T08:00:00Z"}
                """.formatted(settings().location(), good.name(), root));
        RevCommit bad = remote.commit("bad", Map.of("config/flows.yaml", BROKEN));

        try (LogCapture logs = new LogCapture(); GitMirror source = new GitMirror(settings())) {
            DesiredSourceResolver resolver = new DesiredSourceResolver(source, reader, OnSourceError.LAST_GOOD);
            assertThat(resolver.resolve()).isInstanceOf(SourceOutcome.Unavailable.class);
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("does not record the ref"));

            RevCommit fixed = remote.commit("fixed", Map.of("config/flows.yaml", GOOD_2));
            assertThat(resolver.resolve()).isInstanceOf(SourceOutcome.Current.class);
            assertThat(record).content().contains(fixed.name()).contains("\"version\" : 2").contains("\"ref\"");
            assertThat(bad).isNotNull();
        }
    }
}
