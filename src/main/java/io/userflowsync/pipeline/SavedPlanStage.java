package io.userflowsync.pipeline;

import io.userflowsync.config.Settings;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanRules;
import io.userflowsync.plan.WriteMode;
import io.userflowsync.report.Printable;
import io.userflowsync.run.SyncRun;
import io.userflowsync.savedplan.LiveChange;
import io.userflowsync.savedplan.PlanFile;
import io.userflowsync.savedplan.PlanFileException;
import io.userflowsync.savedplan.PlanFileStore;
import io.userflowsync.savedplan.SavedPlanRules;
import io.userflowsync.savedplan.Staleness;
import io.userflowsync.source.DesiredSource;
import org.apache.camel.Header;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The first and third stages of {@code apply FILE} (terraform's {@code apply PLANFILE}): the changes come from a saved
 * plan instead of the planner, and go through the same live stage, applier and reporter as every run. A saved plan is
 * never planned again: it is checked, then applied as it is, or refused with nothing written.
 */
public final class SavedPlanStage {
    /** The header that carries the plan file's path into the route. */
    public static final String FILE_HEADER = "savedPlanFile";
    /** The desired source of a runtime that applies a saved plan: never asked, as the plan carries its changes. */
    static final DesiredSource NO_DESIRED_SOURCE = () -> {
        throw new IllegalStateException("a run that applies a saved plan reads no desired state");
    };

    private final Settings settings;
    private final PlanRules rules;
    private final Clock clock;

    /** @param rules this agent's guards and {@code sync.mode}, which a saved plan is held to when it is applied */
    public SavedPlanStage(Settings settings, PlanRules rules, Clock clock) {
        this.settings = settings;
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * Stage 1: reads the plan file and refuses it when it is unreadable, edited, of an unknown version, for another
     * tenant or Graph endpoint, older than {@code sync.saved-plan.max-age}, or holds a change this agent's settings
     * forbid. The run's desired state is the state the plan leads to (its changed steps only, so the live stage reads
     * exactly those again), with the revision the plan was made from; its plan is the saved one, held to this agent's
     * guards and {@code sync.mode} as they are now (issue 8): the applier, the one gate every write passes, then
     * writes nothing over a limit (unless {@code apply FILE --force}) or while report-only, as for any plan.
     */
    public SyncRun load(SyncRun run, @Header(FILE_HEADER) String file, @Header(PlanStage.FORCE_HEADER) Boolean force)
            throws SavedPlanRefused {
        PlanFile saved;
        try {
            saved = PlanFileStore.load(Path.of(file));
        } catch (PlanFileException e) {
            throw new SavedPlanRefused(e.getMessage());
        }
        List<String> refusals = SavedPlanRules.from(settings).refusals(saved, clock.instant());
        if (!refusals.isEmpty()) {
            throw new SavedPlanRefused(file + " (planned from " + Printable.oneLine(saved.source().describe()) + "): "
                    + String.join("; ", refusals));
        }
        return run.withDesired(saved.plannedState()).withPlan(heldToTheRulesOfNow(saved.plan(),
                Boolean.TRUE.equals(force)));
    }

    private Plan heldToTheRulesOfNow(Plan saved, boolean force) {
        return new Plan(saved.policy(), saved.changes(), saved.suppressed(), saved.errors(), saved.managedSteps(),
                saved.inSyncSteps(), new WriteMode(rules.mode(), java.util.Optional.empty()),
                rules.guards().check(saved.changes(), saved.managedSteps(), force));
    }

    /**
     * Stage 3, after the live stage has read the planned steps again: refuses the plan when the live state of any of
     * them is no longer what the plan saw (pure, {@link Staleness}), naming each. Nothing has been written yet.
     */
    public SyncRun check(SyncRun run) throws SavedPlanRefused {
        List<LiveChange> changed = Staleness.since(run.requirePlan(), run.requireLive());
        if (!changed.isEmpty()) {
            String applied = Staleness.alreadyAsPlanned(run.requirePlan(), run.requireLive())
                    ? "; every step it changes already is as the plan would leave it (was it applied before?)" : "";
            throw new SavedPlanRefused("the live state changed since the plan was made (" + changed.size()
                    + (changed.size() == 1 ? " difference" : " differences") + "); plan again: "
                    + changed.stream().map(LiveChange::describe).collect(Collectors.joining("; ")) + applied);
        }
        return run;
    }
}
