package io.userflowsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: help, version, and what a typo gets back (issue 6, item 14). */
class CommandLineTest {
    record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionPrintsTheNameAndTheBuiltVersion() {
        Result r = run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches("userflow-connector-sync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void planHelpSaysWhatItDoesItsOptionsAndItsExitCodes() {
        Result r = run("plan", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("usage: userflow-connector-sync plan [options]\n")
                .contains("Dry run").contains("--desired PATH").contains("--policy NAME").contains("--output FORMAT")
                .contains("exit codes:\n  0  no drift").contains("  2  drift").contains("  1  ")
                .doesNotContain("--port").doesNotContain("--seed");
        assertThat(run("help", "plan").out()).isEqualTo(r.out());
        assertThat(run("plan", "--desired", "x.yaml", "-h").out()).isEqualTo(r.out());
    }

    @Test
    void everyCommandHasHelpListingExactlyTheOptionsItAccepts() {
        for (Usage.Command command : Usage.COMMANDS) {
            Result help = run(command.name(), "--help");
            assertThat(help.exitCode()).as(command.name()).isZero();
            assertThat(help.out()).as(command.name()).contains(command.summary()).contains("exit codes:");
            for (Usage.Option option : Usage.OPTIONS) {
                boolean listed = help.out().contains("\n  " + option.name() + " ");
                List<String> args = new ArrayList<>(List.of(command.name(), option.name()));
                if (option.argument() != null) {
                    args.add(switch (option.name()) {
                        case "--set" -> "sync.policy=sync";
                        case "--output" -> "json";
                        case "--comment" -> "github";
                        default -> "1";
                    });
                }
                if (option.name().equals("--pull-request")) {
                    args.addAll(List.of("--comment", "github")); // names where --comment posts; alone it is refused
                }
                boolean accepted = accepts(args);
                assertThat(accepted).as(command.name() + " " + option.name() + " listed=" + listed).isEqualTo(listed);
            }
        }
    }

    private static boolean accepts(List<String> args) {
        try {
            CommandLine.parse(args.toArray(String[]::new));
            return true;
        } catch (CommandLine.UsageException e) {
            return false;
        }
    }

    @Test
    void generalHelpListsEveryCommandAndWhereToLookFurther() {
        Result r = run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("usage: userflow-connector-sync COMMAND [options]\n").contains("--version")
                .contains("Run 'userflow-connector-sync COMMAND --help' for a command's options and exit codes.");
        Usage.COMMANDS.forEach(c -> assertThat(r.out()).contains("  " + c.name() + " "));
        assertThat(run("help").out()).isEqualTo(r.out());
        assertThat(run("-h").out()).isEqualTo(r.out());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "plna                       | error: unknown command 'plna'. Did you mean 'plan'? | --help",
            "aply                       | error: unknown command 'aply'. Did you mean 'apply'? | --help",
            "frobnicate                 | error: unknown command 'frobnicate'; the commands are validate, plan, apply, run, demo, simulate, export, healthcheck, doctor | --help",
            "--desired x plan           | error: the command comes first: userflow-connector-sync COMMAND [options] | --help",
            "''                         | error: no command given | --help",
            "plan --desird x            | error: unknown option '--desird'. Did you mean '--desired'? | plan --help",
            "plan --frobnicate          | error: unknown option '--frobnicate' | plan --help",
            "validate --port 8089       | error: validate does not take --port (simulate does) | validate --help",
            "simulate --policy sync     | error: simulate does not take --policy (plan, apply, run, demo do) | simulate --help",
            "plan --output yaml         | error: --output must be one of text, json, markdown, got 'yaml' | plan --help",
            "doctor --output markdown   | error: --output must be one of text, json, got 'markdown' | doctor --help",
            "doctor --desired x         | error: doctor does not take --desired (validate, plan, apply, run, demo do) | doctor --help",
            "plan --probe               | error: plan does not take --probe (doctor does) | plan --help",
            "plan --desired             | error: --desired needs a value | plan --help",
            "plan --set sync.policy     | error: --set takes KEY=VALUE, got 'sync.policy' | plan --help",
            "simulate --port eighty     | error: --port takes a number, got 'eighty' | simulate --help",
            "export --flows             | error: --flows needs at least one user flow id | export --help",
            "export --flows --force     | error: --flows needs at least one user flow id | export --help",
            "export --output            | error: --output needs a value | export --help",
            "plan --flows B2X_1_a       | error: plan does not take --flows (export does) | plan --help",
            "apply --bound-only         | error: apply does not take --bound-only (export does) | apply --help",
            "export --policy sync       | error: export does not take --policy (plan, apply, run, demo do) | export --help",
            "apply a.json b.json        | error: apply takes one plan file, got 'a.json' and 'b.json' | apply --help",
            "apply a.json --plan b.json | error: apply takes one plan file, got 'a.json' and 'b.json' | apply --help",
            "apply a.json --desired d   | error: apply FILE reads no desired state, so it takes no --desired, --git, --git-ref or --git-path (got sync.desired.path): the plan file carries its changes | apply --help",
            "plan --out                 | error: --out needs a value | plan --help",
            "plan p.json                | error: unknown option 'p.json' | plan --help",
            "simulate --latency-ms -5   | error: --latency-ms takes a number of milliseconds, 0 or more, got -5 | simulate --help",
            "plan --latency-ms 30       | error: plan does not take --latency-ms (simulate does) | plan --help",
            "plan --force               | error: plan does not take --force (apply, export do) | plan --help"})
    void aMistakeIsOneErrorLineAndWhereToFindUsageNeverTheWholeUsage(String args, String error, String helpArgs) {
        Result r = run(args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(error + "\nRun 'userflow-connector-sync " + helpArgs + "' for usage.\n");
    }

    @Test
    void applyTakesAPlanFileAsItsOneArgumentOrWithPlanAndPlanSavesWithOut() {
        assertThat(CommandLine.parse(new String[]{"apply", "prod.plan.json", "--output", "json"}).planFile())
                .contains(java.nio.file.Path.of("prod.plan.json"));
        assertThat(CommandLine.parse(new String[]{"apply", "--plan", "prod.plan.json"}).planFile())
                .contains(java.nio.file.Path.of("prod.plan.json"));
        assertThat(CommandLine.parse(new String[]{"apply", "--desired", "d.yaml"}).planFile()).isEmpty();
        assertThat(CommandLine.parse(new String[]{"plan", "--desired", "d.yaml", "--out", "p.json"}).planOut())
                .contains(java.nio.file.Path.of("p.json"));
    }

    @Test
    void applyHelpTellsOfSavedPlans() {
        Result r = run("apply", "--help");

        assertThat(r.out()).contains("'apply FILE'").contains("--plan FILE").contains("saved plan was refused");
        assertThat(run("plan", "--help").out()).contains("--out FILE");
    }

    @Test
    void aSecretGivenWithSetIsNeverEchoedInAUsageError() {
        Result r = run("plan", "--set", "azure.client.secret");

        assertThat(r.err()).contains("--set takes KEY=VALUE");
        Result bad = run("plan", "--set", "=hunter2-value");
        assertThat(bad.err()).doesNotContain("hunter2");
    }

    @Test
    void pullRequestWithoutCommentIsRefusedAndCommentTakesGithubOrGitlabOnly() {
        Result alone = run("plan", "--pull-request", "7");
        assertThat(alone.exitCode()).isEqualTo(1);
        assertThat(alone.err()).contains("--pull-request names where --comment posts the plan");
        Result other = run("plan", "--comment", "bitbucket");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains("--comment must be one of github, gitlab, got 'bitbucket'");
        assertThat(CommandLine.parse(new String[]{"plan", "--comment", "gitlab", "--pull-request", "12"}))
                .extracting(CommandLine::comment, CommandLine::pullRequest)
                .containsExactly(java.util.Optional.of("gitlab"), java.util.Optional.of(12L));
    }
}
