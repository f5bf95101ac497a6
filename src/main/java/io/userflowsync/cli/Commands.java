package io.userflowsync.cli;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.ha.Election;
import io.userflowsync.model.DesiredState;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunFailure;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.SyncRun;
import io.userflowsync.plan.Plan;
import io.userflowsync.source.DesiredSource;
import io.userflowsync.source.DesiredSources;
import io.userflowsync.source.SourceOutcome;
import java.util.List;
import io.userflowsync.report.ApplyText;
import io.userflowsync.report.PlanMarkdown;
import io.userflowsync.report.PlanText;
import io.userflowsync.report.ReadProgress;
import io.userflowsync.report.RunJson;
import io.userflowsync.report.SourceNotice;
import io.userflowsync.report.ThrottleText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The commands, run in-process: they print to the given streams and return the exit code. */
public final class Commands {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int DRIFT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    /** With sync.tenants, the tenant these commands run for (its section); the plan comment's marker names it. */
    private final Optional<String> tenantName;

    public Commands(PrintStream out, PrintStream err, Map<String, String> environment) {
        this(out, err, environment, Optional.empty());
    }

    private Commands(PrintStream out, PrintStream err, Map<String, String> environment, Optional<String> tenantName) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.tenantName = tenantName;
    }

    public int run(String... args) {
        CommandLine cmd;
        try {
            cmd = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            // One line and where to read more; the whole usage would bury the line that matters.
            err.println("error: " + e.getMessage());
            err.println(e.hint());
            return ERROR;
        }
        try {
            return switch (cmd.command()) {
                case CommandLine.HELP -> {
                    out.print(cmd.helpTopic().flatMap(Usage::command).map(Usage::of).orElseGet(Usage::general));
                    yield OK;
                }
                case CommandLine.VERSION -> {
                    out.println(Version.text());
                    yield OK;
                }
                case "validate" -> eachTenant(cmd, settings(cmd, Map.of()), (c, s) -> c.validate(s, cmd.output()));
                case "plan" -> cmd.planOut().isPresent() ? savedPlans().plan(cmd, singleTenant(settings(cmd, Map.of())))
                        : eachTenant(cmd, settings(cmd, Map.of()), (c, s) -> c.once(cmd, s, RunMode.PLAN));
                case "apply" -> cmd.planFile().isPresent() ? savedPlans().apply(cmd, singleTenant(settings(cmd, Map.of())))
                        : eachTenant(cmd, settings(cmd, Map.of()), (c, s) -> c.once(cmd, s, RunMode.APPLY));
                case "run" -> {
                    Settings settings = settings(cmd, Map.of());
                    if (settings.tenants().isEmpty()) {
                        Preflight.check(settings);
                    }
                    // With sync.tenants each tenant signs in with its own settings: all are checked before the start.
                    for (String tenant : settings.tenants()) {
                        Preflight.check(settings.forTenant(tenant));
                    }
                    AgentRuntime.runDaemon(settings, cmd.configFile());
                    yield OK;
                }
                case "demo" -> new Demo(this, out).run(cmd);
                case "healthcheck" -> HealthCheckCommand.run(settings(cmd, Map.of()), err);
                case "simulate" -> new Simulate(out).run(cmd);
                case "export" -> new Export(this, out, err).run(cmd);
                case "doctor" -> new Doctor(this, out, err).run(cmd);
                default -> throw new IllegalStateException("command " + cmd.command() + " has no handler");
            };
        } catch (Exception e) {
            err.println("error: " + ErrorText.of(e, cmd.verbose()));
            if (cmd.verbose() && !ErrorText.expected(e)) {
                LOG.error("The failure above, for a bug report", e);
            }
            return ERROR;
        }
    }

    /** A command run against one tenant's settings, printing to the {@link Commands} it is given. */
    @FunctionalInterface
    interface TenantCommand {
        int run(Commands commands, Settings settings) throws Exception;
    }

    /**
     * Runs {@code command} once, or with {@code sync.tenants} once per tenant ({@code --tenant NAME}: that one), each
     * tenant in its own section whose every line starts with {@code [name]}. One tenant's failure is its own exit
     * code and never stops the next tenant; the command's exit code is the worst of them (issue 9, item 3).
     */
    int eachTenant(CommandLine cmd, Settings settings, TenantCommand command) throws Exception {
        List<String> tenants = settings.tenants();
        if (tenants.isEmpty()) {
            if (cmd.tenant().isPresent()) {
                throw new SettingsException("--tenant " + cmd.tenant().get() + " needs " + Setting.TENANTS.key()
                        + " (" + Setting.TENANTS.envName() + "): without it the agent manages the one tenant of "
                        + Setting.TENANT_ID.key());
            }
            return command.run(this, settings);
        }
        List<String> chosen = cmd.tenant().map(List::of).orElse(tenants);
        if (chosen.size() > 1 && cmd.output().equals("json")) {
            throw new SettingsException("--output json prints one document: give --tenant NAME (one of "
                    + String.join(", ", tenants) + ")");
        }
        int worst = OK;
        for (String tenant : chosen) {
            // JSON stays one parseable document on stdout; people's lines on stderr still name the tenant.
            PrintStream tenantOut = cmd.output().equals("json") ? out : TenantLines.prefixed(out, tenant);
            PrintStream tenantErr = TenantLines.prefixed(err, tenant);
            int code;
            try {
                if (!cmd.output().equals("json")) {
                    tenantOut.println("== tenant " + tenant + " ==");
                }
                code = command.run(new Commands(tenantOut, tenantErr, environment, Optional.of(tenant)),
                        settings.forTenant(tenant));
            } catch (Exception e) {
                tenantErr.println("error: " + ErrorText.of(e, cmd.verbose()));
                code = ERROR;
            }
            tenantOut.flush();
            tenantErr.flush();
            worst = worst(worst, code);
        }
        return worst;
    }

    /** Of two exit codes, the one that matters more: an error (1) over drift (2) over in sync (0). */
    static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int exitCode) {
        return switch (exitCode) {
            case OK -> 0;
            case DRIFT -> 1;
            default -> 2;
        };
    }

    /** Saved plans are of one tenant; with several, which one a file is for is not carried yet. */
    private static Settings singleTenant(Settings settings) {
        if (!settings.tenants().isEmpty()) {
            throw new SettingsException("saved plans (plan --out, apply FILE) are not available with "
                    + Setting.TENANTS.key() + " yet: plan and apply each tenant without a plan file");
        }
        return settings;
    }

    private SavedPlanCommands savedPlans() {
        return new SavedPlanCommands(this, out, err, java.time.Clock.systemUTC());
    }

    Settings settings(CommandLine cmd, Map<String, String> extra) {
        Map<String, String> overrides = new java.util.HashMap<>(cmd.settingOverrides());
        overrides.putAll(extra);
        Properties file = cmd.configFile().isPresent() ? Settings.readFile(cmd.configFile().get()) : new Properties();
        Settings settings = Settings.resolve(overrides, environment, file);
        StderrLogging.follow(settings);
        return settings;
    }

    /** Validates the newest revision: a fallback to the last good one means the newest is invalid. */
    private int validate(Settings settings, String output) {
        try (DesiredSource source = DesiredSources.from(settings)) {
            SourceOutcome outcome = source.load();
            if (outcome instanceof SourceOutcome.Current current) {
                DesiredState state = current.state();
                long steps = state.flows().stream().mapToLong(f -> f.steps().size()).sum();
                String reason = state.flows().size() + " user flow(s), " + steps + " managed step(s)"
                        + (state.connectors().isEmpty() ? "" : ", " + state.connectors().size() + " connector(s)");
                if (output.equals("json")) {
                    out.println(RunJson.validation(Optional.of(state), Optional.of(state.source()), reason, List.of(),
                            OK));
                } else {
                    out.println("Desired state is valid: " + reason + " (" + state.source().describe() + ").");
                }
                return OK;
            }
            List<ValidationProblem> problems = outcome instanceof SourceOutcome.Fallback f ? f.problems()
                    : ((SourceOutcome.Unavailable) outcome).problems();
            String reason = outcome instanceof SourceOutcome.Fallback f ? f.reason()
                    : ((SourceOutcome.Unavailable) outcome).reason();
            return invalid(output, "the newest revision is not valid: " + reason, problems);
        } catch (DesiredStateException e) {
            return invalid(output, e.problems().size() + " problem(s) in the desired state; nothing would be written",
                    e.problems());
        }
    }

    private int invalid(String output, String reason, List<ValidationProblem> problems) {
        if (output.equals("json")) {
            out.println(RunJson.validation(Optional.empty(), Optional.empty(), reason, problems, ERROR));
        }
        printProblems(reason + (problems.isEmpty() ? "" : ":"), problems);
        return ERROR;
    }

    int once(CommandLine cmd, Settings settings, RunMode mode) throws Exception {
        Preflight.check(settings);
        try (AgentRuntime runtime = AgentRuntime.startOnce(settings, cmd.configFile(), mode == RunMode.APPLY,
                progress(settings))) {
            if (mode == RunMode.APPLY) {
                Optional<String> leader = runtime.election().awaitTurn(runtime.election().settings().applyWait());
                if (leader.isPresent()) {
                    return refuse(runtime.election(), leader.get(), cmd.output());
                }
            }
            SyncRun run = runtime.runOnce(mode, cmd.force(), cmd.changedSince());
            return worst(print(run, cmd.output()), comment(cmd, settings, run));
        }
    }

    /** The reads' progress line on stderr, when {@code sync.progress} wants it ({@code auto}: stderr is a terminal). */
    private Optional<ReadProgress> progress(Settings settings) {
        String setting = settings.required(Setting.PROGRESS);
        if (!List.of("auto", "always", "never").contains(setting)) {
            throw new SettingsException("setting " + Setting.PROGRESS.key() + " must be auto, always or never, not "
                    + setting);
        }
        boolean terminal = setting.equals("auto") && err == System.err && ReadProgress.stderrIsTerminal();
        return ReadProgress.wanted(setting, terminal)
                ? Optional.of(new ReadProgress(err, System::nanoTime)) : Optional.empty();
    }

    /** apply while a daemon leads (sync.ha): two writers would undo each other's changes (issue 8 item 4). */
    int refuse(Election election, String leader, String output) {
        String reason = "not applying: " + leader + " leads (" + Setting.HA.key() + "=" + election.settings().mode()
                .settingName() + ") and reconciles the tenant itself. See what it would change with plan; to apply"
                + " anyway, stop it or run apply --wait (waits up to " + Setting.HA_WAIT_SECONDS.key()
                + ", --wait: " + CommandLine.WAIT_SECONDS + " s, for it to step down)";
        if (output.equals("json")) {
            SyncRun refused = SyncRun.start(RunMode.APPLY, java.time.Instant.now())
                    .withFailure(new RunFailure("leader election", reason, List.of()));
            out.println(RunJson.run("apply", refused));
        }
        err.println("error: " + reason);
        return ERROR;
    }

    /**
     * Prints a finished run and gives its exit code, which is its {@link RunResult}'s. With {@code json}, stdout
     * carries exactly one JSON document and everything for people goes to stderr.
     */
    int print(SyncRun run, String output) {
        RunResult result = run.result();
        if (output.equals("json")) {
            out.println(RunJson.run(run.mode() == RunMode.APPLY ? "apply" : "plan", run));
        }
        Optional<RunFailure> failure = run.failure();
        if (failure.isPresent()) {
            RunFailure f = failure.get();
            if (!f.problems().isEmpty()) {
                printProblems(f.problems().size() + " problem(s) in the desired state; nothing was written:",
                        f.problems());
            } else {
                err.println("error: " + f.headline() + "; nothing was written: " + f.message());
            }
            return result.exitCode();
        }
        run.fallback().ifPresent(f -> err.print(SourceNotice.render(f)));
        if (result.outcome() == RunResult.Outcome.HELD) {
            // The plan and apply text say it too, but a CI log shows stderr first: which limit, the count, the way on.
            err.println("error: " + result.reason());
        }
        if (output.equals("json")) {
            return result.exitCode();
        }
        Plan plan = run.requirePlan();
        var source = run.requireDesired().source();
        String throttled = ThrottleText.line(run.graphBudget());
        if (output.equals("markdown")) {
            out.print(markdown(run));
        } else {
            out.print(PlanText.render(plan, source, run.attributions()));
            run.applied().ifPresent(a -> out.print(ApplyText.render(a)));
            out.print(throttled);
        }
        return result.exitCode();
    }

    /** A finished run with a plan as Markdown: what --output markdown prints and --comment posts. */
    static String markdown(SyncRun run) {
        String throttled = ThrottleText.line(run.graphBudget());
        StringBuilder md = new StringBuilder(PlanMarkdown.render(run.requirePlan(), run.requireDesired().source(),
                run.attributions()));
        run.applied().ifPresent(a -> md.append("\n```\n").append(ApplyText.render(a)).append("```\n"));
        md.append(throttled.isEmpty() ? "" : "\n" + throttled);
        return md.toString();
    }

    /**
     * With {@code --comment}, posts the run's plan to the pull request (docs/pull-requests.md) and gives 1 when it
     * could not, 0 otherwise: the plan's own exit code is kept by the caller, the worse of the two wins.
     */
    int comment(CommandLine cmd, Settings settings, SyncRun run) {
        if (cmd.comment().isEmpty()) {
            return OK;
        }
        return new ReviewComments(err, environment).post(cmd, settings, tenantName, run);
    }

    private void printProblems(String heading, java.util.List<ValidationProblem> problems) {
        err.println(heading);
        problems.forEach(p -> err.println("  " + p));
    }
}
