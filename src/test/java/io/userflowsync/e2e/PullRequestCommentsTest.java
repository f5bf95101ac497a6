package io.userflowsync.e2e;

import io.userflowsync.review.ReviewApiSimulator;
import io.userflowsync.review.ReviewApiSimulator.Fault;
import io.userflowsync.review.ReviewApiSimulator.Note;
import io.userflowsync.review.ReviewApiSimulator.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan --comment github|gitlab} through the real command against a simulated tenant and a simulator of
 * GitHub's and GitLab's comment endpoints, both on loopback: one comment per desired path and tenant, replaced in
 * place on every push, found again past the first page; refusals clear and writing nothing; retries on 5xx and rate
 * limits; the token never in the output.
 */
class PullRequestCommentsTest {
    private static final String TOKEN = "ghs_Wr1teT0kenThatMustNeverBePrinted42";
    private static final String READ_ONLY = "ghs_ReadOnlyT0kenThatMustNeverBePrinted7";
    private static final String GL_TOKEN = "glpat-Pr1vateT0kenThatMustNeverBePrinted";
    private static final String PR = "acme/identity-config#7";
    private static final String MR = "42!5";
    private static final String FIRST = "1111111111111111111111111111111111111111";
    private static final String SECOND = "2222222222222222222222222222222222222222";
    private static final String DRIFT = """
            userFlows:
              B2X_1_partner_signup:
                postFederationSignup: Check partner domain
            """;

    @TempDir
    Path dir;
    TestTenant t;
    ReviewApiSimulator api;
    Path prod;

    @BeforeEach
    void start() throws IOException {
        t = TestTenant.demoLike();
        api = ReviewApiSimulator.start().thread(PR).thread(MR).writer(TOKEN, "github-actions[bot]")
                .reader(READ_ONLY, "github-actions[bot]").writer(GL_TOKEN, "project_42_bot");
        prod = folder("config/prod", DRIFT);
    }

    @AfterEach
    void stop() {
        api.close();
        t.close();
    }

    private Path folder(String relative, String yaml) throws IOException {
        Path folder = dir.resolve(relative);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("flows.yaml"), yaml);
        return folder;
    }

    /** What GitHub Actions sets for a pull_request event at head {@code sha}. */
    private Map<String, String> github(String sha) throws IOException {
        Path event = dir.resolve("event-" + sha.charAt(0) + ".json");
        Files.writeString(event, "{\"action\":\"synchronize\",\"number\":7,\"pull_request\":{\"number\":7,"
                + "\"head\":{\"sha\":\"" + sha + "\",\"ref\":\"bind-partner-check\"}}}");
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("GITHUB_TOKEN", TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/identity-config");
        env.put("GITHUB_EVENT_PATH", event.toString());
        env.put("GITHUB_API_URL", api.githubApi());
        env.put("GITHUB_SHA", "9999999999999999999999999999999999999999");
        return env;
    }

    /** What GitLab CI sets in a merge request pipeline at {@code sha}, with a project access token. */
    private Map<String, String> gitlab(String sha) {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("GITLAB_TOKEN", GL_TOKEN);
        env.put("CI_API_V4_URL", api.gitlabApi());
        env.put("CI_PROJECT_ID", "42");
        env.put("CI_MERGE_REQUEST_IID", "5");
        env.put("CI_COMMIT_SHA", sha);
        return env;
    }

    private TestTenant.Result plan(Map<String, String> env, Path desired, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "plan";
        args[1] = "--desired";
        args[2] = desired.toString();
        args[3] = "--comment";
        System.arraycopy(more, 0, args, 4, more.length);
        return t.run(env, args);
    }

    private List<Note> ours(String thread) {
        return api.notes(thread).stream().filter(n -> n.body().startsWith("<!-- userflow-connector-sync:plan "))
                .toList();
    }

    @Test
    void theFirstPlanOfAPullRequestCreatesOneCommentWithTheMarkerTheRevisionAndThePlanAndKeepsTheDriftExitCode()
            throws IOException {
        TestTenant.Result plan = plan(github(FIRST), prod, "github");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        List<Note> notes = api.notes(PR);
        assertThat(notes).hasSize(1);
        String body = notes.get(0).body();
        assertThat(body.lines().findFirst().orElseThrow()).startsWith("<!-- userflow-connector-sync:plan path=")
                .endsWith(" revision=" + FIRST + " -->").contains("tenant=" + t.tenant.tenantId());
        assertThat(body).contains("**Planned at `" + FIRST.substring(0, 12) + "`**",
                "### User flow connector plan: 1 to bind", "| bind | `B2X_1_partner_signup` | `postFederationSignup` |");
        assertThat(plan.err()).contains("Posted the plan to pull request acme/identity-config#7");
        assertThat(plan.out()).as("stdout keeps the text plan").contains("B2X_1_partner_signup");
        assertThat(t.writes()).as("plan writes nothing to the tenant").isEmpty();
    }

    @Test
    void aSecondPushUpdatesTheSameCommentAndSaysWhichRevisionItReplaced() throws IOException {
        plan(github(FIRST), prod, "github");
        long id = api.notes(PR).get(0).id();
        Files.writeString(prod.resolve("flows.yaml"), "userFlows: {}\n");

        TestTenant.Result second = plan(github(SECOND), prod, "github");

        assertThat(second.exitCode()).as("in sync now: " + second.all()).isZero();
        assertThat(api.notes(PR)).hasSize(1);
        Note note = api.notes(PR).get(0);
        assertThat(note.id()).isEqualTo(id);
        assertThat(note.body()).contains("revision=" + SECOND + " -->", "**Planned at `" + SECOND.substring(0, 12),
                "It replaced the plan of `" + FIRST.substring(0, 12) + "`, now outdated", "no changes")
                .doesNotContain("1 to bind");
        assertThat(api.writes()).extracting(Request::method).containsExactly("POST", "PATCH");
        assertThat(second.err()).contains("Updated the plan comment on pull request acme/identity-config#7");
    }

    @Test
    void aSavedPlanIsPostedTooAndARunThatFailsReplacesThePlanWithItsFailure() throws IOException {
        Path file = dir.resolve("plan.json");
        TestTenant.Result saved = plan(github(FIRST), prod, "github", "--out", file.toString());

        assertThat(saved.exitCode()).as(saved.all()).isEqualTo(2);
        assertThat(file).exists();
        assertThat(api.notes(PR)).singleElement().extracting(Note::body).asString().contains("1 to bind");

        Files.writeString(prod.resolve("flows.yaml"), "userFlows:\n  B2X_1_partner_signup: [not, a, mapping\n");
        TestTenant.Result broken = plan(github(SECOND), prod, "github");

        assertThat(broken.exitCode()).as(broken.all()).isEqualTo(1);
        assertThat(api.notes(PR)).singleElement().extracting(Note::body).asString()
                .contains("revision=" + SECOND, "### User flow connector plan: failed", "flows.yaml")
                .doesNotContain("1 to bind");
    }

    @Test
    void aPlanOfTheLastGoodGitRevisionSaysSoAtTheTopOfTheComment() throws Exception {
        io.userflowsync.source.TestRemote remote = io.userflowsync.source.TestRemote.create(dir, "identity-config");
        try {
            var good = remote.commit("Bind partner check", Map.of("flows.yaml", DRIFT));
            String[] git = {"plan", "--git", remote.fileUrl(), "--set", "sync.git.work-dir=" + dir.resolve("work"),
                    "--comment", "github"};
            assertThat(t.run(github(FIRST), git).exitCode()).isEqualTo(2);
            remote.commit("Half an edit", Map.of("flows.yaml", DRIFT + "  B2X_1_customers:\n    postAttributeCollection:\n"));

            TestTenant.Result fallback = t.run(github(SECOND), git);

            assertThat(fallback.exitCode()).as(fallback.all()).isEqualTo(1);
            assertThat(ours(PR)).singleElement().extracting(Note::body).asString()
                    .contains("path=%2F ", "revision=" + SECOND, "> [!WARNING]\n> WARNING: this run uses the last good"
                            + " revision", good.name().substring(0, 12), "flows.yaml:5:29: empty value");
        } finally {
            remote.close();
        }
    }

    @Test
    void twoDesiredPathsGetTwoCommentsEachUpdatedInPlace() throws IOException {
        Path staging = folder("config/staging", "userFlows: {}\n");

        plan(github(FIRST), prod, "github");
        plan(github(FIRST), staging, "github");
        plan(github(SECOND), prod, "github");
        plan(github(SECOND), staging, "github");

        assertThat(api.notes(PR)).hasSize(2).allMatch(n -> n.body().contains("revision=" + SECOND));
        assertThat(api.notes(PR)).anyMatch(n -> n.body().contains("config%2Fprod"))
                .anyMatch(n -> n.body().contains("config%2Fstaging"));
    }

    @Test
    void twoTenantsOfOneDesiredStateGetTwoComments() throws IOException {
        Map<String, String> env = github(FIRST);
        env.put("SYNC_TENANTS", "dev,prod");
        for (String name : List.of("DEV", "PROD")) {
            String prefix = "SYNC_TENANTS_" + name + "_";
            env.put(prefix + "AZURE_TENANT_ID", t.tenant.tenantId());
            env.put(prefix + "AZURE_CLIENT_ID", t.tenant.clientId());
            env.put(prefix + "AZURE_CLIENT_SECRET", TestTenant.SECRET);
            env.put(prefix + "AZURE_AUTHORITY_HOST", t.simulator.baseUrl());
            env.put(prefix + "GRAPH_ENDPOINT", t.simulator.baseUrl());
        }

        Path tenants = dir.resolve("config/tenants");
        folder("config/tenants/base", DRIFT);
        folder("config/tenants/tenants/dev", "userFlows: {}\n");
        folder("config/tenants/tenants/prod", "userFlows: {}\n");

        TestTenant.Result plan = plan(env, tenants, "github");
        TestTenant.Result again = plan(env, tenants, "github");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(again.exitCode()).as(again.all()).isEqualTo(2);
        assertThat(api.notes(PR)).hasSize(2);
        assertThat(api.notes(PR)).anyMatch(n -> n.body().contains(" tenant=dev "))
                .anyMatch(n -> n.body().contains(" tenant=prod "));
        assertThat(again.err()).contains("[dev] Updated the plan comment", "[prod] Updated the plan comment");
    }

    @Test
    void aCommentBySomeoneElseWithoutTheMarkerOrQuotingItIsUntouched() throws IOException {
        long mine = api.add(PR, "octocat", "Looks good, but why the partner check?", false);
        String marker = new io.userflowsync.review.CommentMarker(prod.toString(), t.tenant.tenantId()).line("0000");
        long quote = api.add(PR, "octocat", "> " + marker + "\n> the plan said so", false);

        TestTenant.Result first = plan(github(FIRST), prod, "github");
        TestTenant.Result second = plan(github(SECOND), prod, "github");

        assertThat(first.exitCode()).as(first.all()).isEqualTo(2);
        assertThat(second.exitCode()).as(second.all()).isEqualTo(2);

        assertThat(api.notes(PR)).hasSize(3);
        assertThat(api.notes(PR)).filteredOn(n -> n.id() == mine).singleElement()
                .extracting(Note::body).isEqualTo("Looks good, but why the partner check?");
        assertThat(api.notes(PR)).filteredOn(n -> n.id() == quote).singleElement()
                .extracting(Note::body).asString().startsWith("> <!--");
        assertThat(api.writes()).extracting(Request::method).containsExactly("POST", "PATCH");
    }

    @Test
    void theMarkerOnPageTwoIsFoundAndThatCommentUpdated() throws IOException {
        for (int i = 0; i < 150; i++) {
            api.add(PR, "reviewer" + i, "comment " + i, false);
        }
        plan(github(FIRST), prod, "github");
        for (int i = 0; i < 30; i++) {
            api.add(PR, "reviewer", "later " + i, false);
        }

        TestTenant.Result second = plan(github(SECOND), prod, "github");

        assertThat(second.exitCode()).as(second.all()).isEqualTo(2);
        assertThat(ours(PR)).singleElement().extracting(Note::body).asString().contains("revision=" + SECOND);
        assertThat(api.notes(PR)).hasSize(181);
        assertThat(api.requests()).anyMatch(r -> r.method().equals("GET") && r.query().contains("page=2"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {401, 403, 404, 422})
    void aRefusalIsAClearErrorWithANonZeroExitCodeWritesNothingAndNeverShowsTheToken(int status) throws IOException {
        Map<String, String> env = github(FIRST);
        switch (status) {
            case 401 -> env.put("GITHUB_TOKEN", "ghs_RevokedT0kenNeverPrinted");
            case 403 -> env.put("GITHUB_TOKEN", READ_ONLY);
            case 404 -> env.put("GITHUB_REPOSITORY", "acme/other-repo");
            default -> api.inject(new Fault("POST", 422, Map.of(), "{\"message\":\"Validation Failed\",\"errors\":"
                    + "[{\"resource\":\"IssueComment\",\"code\":\"unprocessable\",\"field\":\"data\",\"message\":"
                    + "\"Could not resolve to a node with the global id\"}],\"documentation_url\":"
                    + "\"https://docs.github.com/rest/issues/comments#create-an-issue-comment\",\"status\":\"422\"}",
                    1));
        }

        TestTenant.Result plan = plan(env, prod, "github", "--verbose");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(api.notes(PR)).isEmpty();
        assertThat(plan.all()).contains("error: the plan comment was not posted: ")
                .contains(switch (status) {
                    case 401 -> "GitHub does not accept the token (401 Bad credentials): GITHUB_TOKEN is missing,"
                            + " expired or revoked";
                    case 403 -> "permissions: pull-requests: write";
                    case 404 -> "GitHub has no pull request acme/other-repo#7, or the token cannot see it (404 Not"
                            + " Found)";
                    default -> "GitHub refused the comment (422 Validation Failed: Could not resolve";
                })
                .contains("the plan comment was not written")
                .doesNotContain(TOKEN, READ_ONLY, "ghs_RevokedT0kenNeverPrinted", "Bearer");
        assertThat(api.requests()).as("a refusal is not retried").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aMissingTokenIsAClearErrorBeforeAnyRequest() throws IOException {
        Map<String, String> env = github(FIRST);
        env.remove("GITHUB_TOKEN");

        TestTenant.Result plan = plan(env, prod, "github");

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("--comment github needs GITHUB_TOKEN", "pull-requests: write");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void aServerErrorIsRetriedAndLeavesOneComment() throws IOException {
        api.inject(new Fault("GET", 502, Map.of(), "{\"message\":\"Server Error\"}", 1))
                .inject(new Fault("POST", 503, Map.of(), "{\"message\":\"Service Unavailable\"}", 1));

        TestTenant.Result plan = plan(github(FIRST), prod, "github");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(api.notes(PR)).hasSize(1);
        assertThat(api.requests()).extracting(Request::method, Request::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", 502), org.assertj.core.groups.Tuple.tuple("GET", 200),
                org.assertj.core.groups.Tuple.tuple("POST", 503), org.assertj.core.groups.Tuple.tuple("GET", 200),
                org.assertj.core.groups.Tuple.tuple("POST", 201));
    }

    @Test
    void aCreateWhoseAnswerIsLostAfterTheCommentWasWrittenIsListedAgainAndNotPostedTwice() throws IOException {
        api.inject(new Fault("POST", 502, Map.of(), "<html>502 Bad Gateway</html>", 1, true));

        TestTenant.Result plan = plan(github(FIRST), prod, "github");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(api.notes(PR)).hasSize(1);
        assertThat(api.requests()).extracting(Request::method).containsExactly("GET", "POST", "GET", "PATCH");
    }

    @Test
    void githubsSecondaryRateLimitIsHonouredForRetryAfterSeconds() throws IOException {
        api.inject(new Fault("POST", 403, Map.of("Retry-After", "1"), "{\"message\":\"You have exceeded a secondary"
                + " rate limit. Please wait a few minutes before you try again.\",\"documentation_url\":"
                + "\"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api\",\"status\":\"403\"}",
                1));

        TestTenant.Result plan = plan(github(FIRST), prod, "github");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(api.notes(PR)).hasSize(1);
        List<Request> posts = api.requests().stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(posts).extracting(Request::status).containsExactly(403, 201);
        assertThat(Duration.ofNanos(posts.get(1).nanos() - posts.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRateLimitWithNoRequestsRemainingWaitsUntilTheReset() throws IOException {
        long reset = java.time.Instant.now().getEpochSecond() + 1;
        api.inject(new Fault("GET", 429, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
                Long.toString(reset)), "{\"message\":\"API rate limit exceeded\"}", 1));

        TestTenant.Result plan = plan(github(FIRST), prod, "github");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(api.notes(PR)).hasSize(1);
        List<Request> gets = api.requests().stream().filter(r -> r.method().equals("GET")).toList();
        assertThat(gets).extracting(Request::status).containsExactly(429, 200);
        assertThat(java.time.Instant.now().getEpochSecond()).isGreaterThanOrEqualTo(reset);
    }

    @Test
    void aMergeRequestGetsOneNoteFoundAgainPastTheFirstPageAndSystemNotesAreSkipped() throws IOException {
        for (int i = 0; i < 120; i++) {
            api.add(MR, i % 3 == 0 ? "ci-bot" : "reviewer", i % 3 == 0 ? "added 1 commit" : "note " + i, i % 3 == 0);
        }

        TestTenant.Result first = plan(gitlab(FIRST), prod, "gitlab");
        TestTenant.Result second = plan(gitlab(SECOND), prod, "gitlab");

        assertThat(first.exitCode()).as(first.all()).isEqualTo(2);
        assertThat(second.exitCode()).as(second.all()).isEqualTo(2);
        assertThat(ours(MR)).singleElement().extracting(Note::body).asString()
                .contains("revision=" + SECOND, "It replaced the plan of `" + FIRST.substring(0, 12));
        assertThat(api.notes(MR)).hasSize(121);
        assertThat(api.writes()).extracting(Request::method).containsExactly("POST", "PUT");
        assertThat(api.requests()).anyMatch(r -> r.method().equals("GET") && r.query().contains("page=2"));
        assertThat(second.err()).contains("Updated the plan comment on merge request project 42 !5");
    }

    @Test
    void theJobTokenIsSentWhenNoGitlabTokenIsGiven() {
        api.writer("job-T0ken-NeverPrinted", "project_42_bot");
        Map<String, String> env = gitlab(FIRST);
        env.remove("GITLAB_TOKEN");
        env.put("CI_JOB_TOKEN", "job-T0ken-NeverPrinted");

        TestTenant.Result plan = plan(env, prod, "gitlab");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(ours(MR)).hasSize(1);
        assertThat(plan.all()).doesNotContain("job-T0ken-NeverPrinted");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {401, 403, 404})
    void aGitlabRefusalIsAClearErrorThatWritesNothing(int status) {
        Map<String, String> env = gitlab(FIRST);
        switch (status) {
            case 401 -> env.put("GITLAB_TOKEN", "glpat-Expired");
            case 403 -> {
                api.reader("glpat-Guest", "guest");
                env.put("GITLAB_TOKEN", "glpat-Guest");
            }
            default -> env.put("CI_MERGE_REQUEST_IID", "6");
        }

        TestTenant.Result plan = plan(env, prod, "gitlab");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(api.notes(MR)).isEmpty();
        assertThat(plan.err()).contains(switch (status) {
            case 401 -> "GitLab does not accept the token (401 401 Unauthorized)";
            case 403 -> "GitLab forbids this token to comment on project 42 !5 (403 403 Forbidden): GITLAB_TOKEN needs"
                    + " scope api";
            default -> "GitLab has no merge request project 42 !6, or the token cannot see it (404 404 Not found)";
        }).doesNotContain(GL_TOKEN, "glpat-Expired", "glpat-Guest");
    }
}
