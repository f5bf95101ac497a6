package io.userflowsync.cli;

import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.SyncRun;
import io.userflowsync.savedplan.PlanFile;
import io.userflowsync.savedplan.PlanFileStore;
import io.userflowsync.savedplan.PlanTarget;
import io.userflowsync.savedplan.SavedPlanRules;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@code plan --out FILE} and {@code apply FILE} (docs/export-and-saved-plans.md, Saved plans): the plan a pull request's reviewers saw is
 * saved, and applied later exactly, or not at all.
 */
final class SavedPlanCommands {
    private final Commands commands;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    SavedPlanCommands(Commands commands, PrintStream out, PrintStream err, Clock clock) {
        this.commands = commands;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * Plans as {@code plan} does, prints the plan, and saves it to {@code --out FILE}; the exit code is plan's. Only
     * a plan of the newest revision is saved: a run that has no plan, or fell back to the last good Git revision,
     * saves nothing (and exits 1 as plan does), as its plan is not what the revision under review asks for. Neither
     * does a plan of a desired state that says {@code suspend: true}: {@code apply FILE} does not read the desired
     * state again, so it could not tell that its revision pauses writes (issue 8: no path writes while suspended).
     */
    int plan(CommandLine cmd, Settings settings) throws Exception {
        Path file = cmd.planOut().orElseThrow();
        Preflight.check(settings);
        PlanTarget target = PlanTarget.of(settings);
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw new SettingsException("--out " + file + ": the folder " + folder + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new SettingsException("--out " + file + " is a folder; give a file name");
        }
        try (AgentRuntime runtime = AgentRuntime.startOnce(settings, cmd.configFile())) {
            SyncRun run = runtime.runOnce(RunMode.PLAN);
            int code = Commands.worst(commands.print(run, cmd.output()), commands.comment(cmd, settings, run));
            Optional<String> notSaved = run.failure().isPresent() ? Optional.of("the run has no plan")
                    : run.fallback().isPresent() ? Optional.of("it was made from the last good revision, not the newest")
                    : run.requirePlan().mode().suspendedAt().map(at -> "the desired state suspends writes (suspend:"
                            + " true at " + at.file() + ":" + at.line() + "), and apply FILE does not read it again")
                    .or(() -> run.requirePlan().connectors().hasDrift() ? Optional.of("it has connector changes, "
                            + "which a plan file does not carry (connectors as code, issue 9 item 1): apply them "
                            + "with apply, then save the plan of the bindings") : Optional.empty());
            if (notSaved.isPresent()) {
                err.println("The plan was not saved to " + file + ": " + notSaved.get() + ".");
                return Commands.ERROR;
            }
            PlanFileStore.save(file, new PlanFile(clock.instant().truncatedTo(ChronoUnit.SECONDS), Version.text(), target,
                    run.requireDesired().source(), run.requirePlan()));
            notes(cmd).println((cmd.output().equals("text") ? "\n" : "") + "Saved the plan to " + file
                    + ". To apply exactly these changes: " + Usage.PROGRAM + " apply " + file);
            return code;
        }
    }

    /**
     * Applies the saved plan {@code FILE} through the pipeline's saved-plan route; the exit code is apply's. The
     * desired state is not read, so none needs to be set; settings and the file are checked before Camel starts.
     */
    int apply(CommandLine cmd, Settings settings) throws Exception {
        Path file = cmd.planFile().orElseThrow();
        Preflight.checkWithoutDesiredState(settings);
        SavedPlanRules.from(settings);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new SettingsException(file + " is a folder, not a plan file");
        }
        try (AgentRuntime runtime = AgentRuntime.startForSavedPlan(settings, cmd.configFile())) {
            // apply FILE writes too: with sync.ha it takes its turn like apply (issue 8 item 4).
            Optional<String> leader = runtime.election().awaitTurn(runtime.election().settings().applyWait());
            if (leader.isPresent()) {
                return commands.refuse(runtime.election(), leader.get(), cmd.output());
            }
            SyncRun run = runtime.applySavedPlan(file, cmd.force());
            run.desired().ifPresent(d -> notes(cmd).println("Saved plan: " + file + " (planned from "
                    + d.source().describe() + ")"));
            return commands.print(run, cmd.output());
        }
    }

    /** Lines for people: with stdout, unless stdout carries one JSON document or Markdown for a summary. */
    private PrintStream notes(CommandLine cmd) {
        return cmd.output().equals("text") ? out : err;
    }
}
