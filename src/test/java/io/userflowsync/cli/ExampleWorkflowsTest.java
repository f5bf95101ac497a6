package io.userflowsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The ready-to-copy CI files under examples/ (docs/pull-requests.md) cannot rot: each is YAML, asks for the
 * permissions it needs, and every {@code userflow-connector-sync.jar} command line in it (the commented
 * alternatives too) is one the CLI parses, with the options its command takes.
 */
class ExampleWorkflowsTest {
    private static final Path EXAMPLES = Path.of("examples");
    private static final List<String> FILES = List.of("github-actions/plan-on-pull-request.yml",
            "github-actions/apply-after-merge.yml", "gitlab-ci/.gitlab-ci.yml");
    private static final Pattern INVOCATION = Pattern.compile("java -jar (?:\\S*/)?userflow-connector-sync\\.jar\\s+(.*)$");
    private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

    private static String read(String file) throws IOException {
        return Files.readString(EXAMPLES.resolve(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(read(file));
    }

    /** The arguments of every command line in the file, shell variables standing for a value each. */
    static List<List<String>> invocations(String text) {
        List<List<String>> all = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = INVOCATION.matcher(line);
            if (!m.find()) {
                continue;
            }
            List<String> args = new ArrayList<>();
            Matcher t = TOKEN.matcher(m.group(1));
            while (t.find()) {
                String token = t.group(1) != null ? t.group(1) : t.group(2) != null ? t.group(2) : t.group(3);
                if (t.group(3) != null && (token.equals("||") || token.equals("&&") || token.equals(">")
                        || token.equals("|") || token.startsWith("#") || token.equals(";"))) {
                    break;
                }
                args.add(token.replaceAll("\\$\\{?[A-Za-z_][A-Za-z_0-9]*}?", "x"));
            }
            all.add(args);
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"github-actions/plan-on-pull-request.yml", "github-actions/apply-after-merge.yml",
            "gitlab-ci/.gitlab-ci.yml"})
    void everyCommandLineInTheExampleIsOneTheCliParses(String file) throws IOException {
        assertThat(yaml(file)).as(file + " is a YAML mapping").isNotEmpty();
        List<List<String>> invocations = invocations(read(file));
        assertThat(invocations).as(file).isNotEmpty();
        for (List<String> args : invocations) {
            assertThatCode(() -> CommandLine.parse(args.toArray(String[]::new))).as(file + ": " + args)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aCommandLineWithAnOptionItsCommandDoesNotTakeIsCaught() {
        List<List<String>> lines = invocations("  run: java -jar userflow-connector-sync.jar apply --comment github"
                + " \"$DESIRED\" || exit 1\n");
        assertThat(lines).containsExactly(List.of("apply", "--comment", "github", "x"));
        assertThatCode(() -> CommandLine.parse(lines.get(0).toArray(String[]::new)))
                .isInstanceOf(CommandLine.UsageException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGithubPlanWorkflowPostsTheSavedPlanWithPullRequestsWriteAndContentsReadOnly() throws IOException {
        Map<String, Object> plan = yaml("github-actions/plan-on-pull-request.yml");
        assertThat((Map<String, Object>) plan.get("on")).containsKey("pull_request");
        assertThat((Map<String, Object>) plan.get("permissions"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("contents", "read", "pull-requests", "write"));
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                plan.get("jobs")).get("plan")).get("steps");
        Map<String, Object> planStep = steps.stream().filter(s -> String.valueOf(s.get("run")).contains("--comment"))
                .findFirst().orElseThrow();
        assertThat((Map<String, Object>) planStep.get("env")).containsKeys("GITHUB_TOKEN", "AZURE_TENANT_ID",
                "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET");
        assertThat(invocations(read("github-actions/plan-on-pull-request.yml")))
                .anyMatch(a -> a.get(0).equals("plan") && a.contains("--out") && a.contains("--comment"))
                .anyMatch(a -> a.get(0).equals("plan") && a.contains("--changed-since"));
        assertThat(steps).anyMatch(s -> String.valueOf(s.get("uses")).startsWith("actions/upload-artifact"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGithubApplyWorkflowAppliesThePlanFileOfThePlanWorkflowAfterAMerge() throws IOException {
        Map<String, Object> apply = yaml("github-actions/apply-after-merge.yml");
        assertThat((Map<String, Object>) apply.get("permissions"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("actions", "read", "contents", "read"));
        String text = read("github-actions/apply-after-merge.yml");
        assertThat(text).contains("--workflow plan-on-pull-request.yml", "github.event.pull_request.merged == true");
        assertThat(Files.exists(EXAMPLES.resolve("github-actions/plan-on-pull-request.yml"))).isTrue();
        assertThat(invocations(text)).contains(List.of("apply", "plan.json"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGitlabPipelinePlansMergeRequestsWithAnApiTokenAndAppliesTheirPlanFileOnTheDefaultBranch()
            throws IOException {
        Map<String, Object> ci = yaml("gitlab-ci/.gitlab-ci.yml");
        Map<String, Object> plan = (Map<String, Object>) ci.get("plan");
        Map<String, Object> apply = (Map<String, Object>) ci.get("apply");
        assertThat(String.valueOf(plan.get("rules"))).contains("$CI_PIPELINE_SOURCE == \"merge_request_event\"");
        assertThat(String.valueOf(((Map<String, Object>) plan.get("artifacts")).get("paths"))).contains("plan.json");
        assertThat(String.valueOf(apply.get("rules"))).contains("$CI_DEFAULT_BRANCH");
        String text = read("gitlab-ci/.gitlab-ci.yml");
        assertThat(text).contains("GITLAB_TOKEN", "scope api");
        assertThat(invocations(text)).contains(List.of("apply", "plan.json"))
                .anyMatch(a -> a.get(0).equals("plan") && a.contains("--out") && a.contains("gitlab"))
                .anyMatch(a -> a.get(0).equals("plan") && a.contains("--changed-since"));
        assertThat(FILES).allMatch(f -> Files.exists(EXAMPLES.resolve(f)));
    }
}
