package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One run's desired state from Git, with last-good semantics: the newest revision is used only once it validates;
 * while the remote is unreachable or the newest revision is broken, runs use the last revision that validated
 * (persisted in the work directory, so it survives a restart), or are skipped when {@link OnSourceError#SKIP} says
 * so. A fetch error never becomes an empty desired state.
 */
public final class DesiredSourceResolver {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredSourceResolver.class);

    private final GitMirror source;
    private final DesiredStateReader reader;
    private final OnSourceError onSourceError;
    private final LastGoodStore store;
    private final SourceKey key;
    private final Clock clock;

    private boolean restored;
    private LastGood lastGood;                       // guarded by this
    private SourceRevision newestSeen;               // guarded by this
    private SourceStatus.Problem problem;            // guarded by this
    private Instant lastCheckedAt;                   // guarded by this

    private record LastGood(DesiredState state, SourceRevision revision) {
    }

    public DesiredSourceResolver(GitMirror source, DesiredStateReader reader, OnSourceError onSourceError) {
        this(source, reader, onSourceError, Clock.systemUTC());
    }

    DesiredSourceResolver(GitMirror source, DesiredStateReader reader, OnSourceError onSourceError, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.onSourceError = Objects.requireNonNull(onSourceError, "onSourceError");
        this.store = new LastGoodStore(source.settings().workDir());
        this.key = SourceKey.of(source.settings());
        this.clock = clock;
    }

    /** Fetches the newest revision, validates it and decides what this run reconciles towards. */
    public synchronized SourceOutcome resolve() {
        lastCheckedAt = clock.instant();
        try (WorkDirLock.Held held = source.lockWorkDir()) {
            restoreLastGood();
            RevisionSnapshot snapshot;
            try {
                snapshot = source.fetch();
            } catch (GitSourceException e) {
                e.revision().ifPresent(r -> newestSeen = r);
                boolean revisionBroken = e.kind() == GitSourceException.Kind.PATH_NOT_IN_REVISION
                        || e.kind() == GitSourceException.Kind.UNTRUSTED_REVISION;
                return broken(e.getMessage(), e.revision(), List.of(), revisionBroken);
            } catch (RuntimeException e) {
                // whatever JGit throws unchecked is still a source error, never a reason to run on an empty state
                LOG.error("fetching {} failed unexpectedly", source.settings().location(), e);
                return broken("cannot fetch " + source.settings().location() + ": "
                        + GitSettings.redact(source.scrubber().scrub(String.valueOf(e.getMessage()))), Optional.empty(), List.of(), false);
            }
            SourceRevision revision = snapshot.revision();
            newestSeen = revision;
            DesiredState state;
            try {
                state = reader.read(snapshot.root(), snapshot.shownAs(), revision);
            } catch (DesiredStateException e) {
                return broken("revision " + revision.describe() + " does not validate (" + e.problems().size()
                        + " problem(s))", Optional.of(revision), e.problems(), true);
            } catch (RuntimeException e) {
                LOG.error("reading the desired state of {} failed unexpectedly", revision.describe(), e);
                return broken("revision " + revision.describe() + " could not be read: " + e,
                        Optional.of(revision), List.of(), true);
            }
            accept(snapshot, state);
            return new SourceOutcome.Current(state);
        } catch (IOException e) {
            return broken("cannot lock the Git work directory " + source.settings().workDir() + ": " + e.getMessage(),
                    Optional.empty(), List.of(), false);
        }
    }

    /** The desired state of an earlier commit of the clone, read and validated as the newest is; empty if gone. */
    public Optional<DesiredState> readAt(String commitId) throws DesiredStateException, GitSourceException {
        Optional<RevisionSnapshot> snapshot = source.snapshotOf(commitId);
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(reader.read(snapshot.get().root(), snapshot.get().shownAs(), snapshot.get().revision()));
    }

    /** The newest revision seen, the last good one and the current problem, for a status endpoint. */
    public synchronized SourceStatus status() {
        if (!restored) {
            try (WorkDirLock.Held held = source.lockWorkDir()) {
                restoreLastGood();
            } catch (IOException e) {
                LOG.warn("cannot lock {} to read the last good revision: {}", source.settings().workDir(), e.toString());
            }
        }
        return new SourceStatus(Optional.ofNullable(newestSeen),
                Optional.ofNullable(lastGood).map(LastGood::revision),
                Optional.ofNullable(problem), Optional.ofNullable(lastCheckedAt));
    }

    private void accept(RevisionSnapshot snapshot, DesiredState state) {
        SourceRevision revision = snapshot.revision();
        boolean changed = lastGood == null || !lastGood.revision().commitId().equals(revision.commitId());
        if (changed) {
            try {
                store.save(key, snapshot);
            } catch (IOException e) {
                // the run can still use it; only the restart guarantee is lost, so say so loudly
                LOG.error("cannot persist the last good revision {} in {}: {}", revision.describe(),
                        source.settings().workDir(), e.toString());
            }
            LOG.info("desired state now at {} (was {}){}", revision.describe(),
                    lastGood == null ? "none" : lastGood.revision().describe(),
                    snapshot.signer().map(s -> ", signed by " + s).orElse(""));
        }
        if (problem != null) {
            LOG.info("desired source {} recovered at {}", source.settings().location(), revision.describe());
        }
        lastGood = new LastGood(state, revision);
        problem = null;
    }

    private SourceOutcome broken(String reason, Optional<SourceRevision> failed, List<ValidationProblem> problems,
                                 boolean revisionBroken) {
        Instant since = problem != null && problem.reason().equals(reason) ? problem.since() : clock.instant();
        problem = new SourceStatus.Problem(reason, failed, problems, since);
        String details = problems.isEmpty() ? ""
                : problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", "\n", ""));
        String newest = failed.map(SourceRevision::describe).orElse("(not fetched)");
        if (onSourceError == OnSourceError.SKIP) {
            LOG.error("desired source {} is broken, skipping this run (onSourceError=skip): {}; newest revision {};"
                    + " last good revision {}{}", source.settings().location(), reason, newest, lastGoodText(), details);
            return new SourceOutcome.Unavailable(reason + "; skipping runs while the source is broken (onSourceError=skip)",
                    failed, problems);
        }
        if (lastGood == null) {
            LOG.error("desired source {} is broken and there is no last good revision, nothing will be reconciled: {};"
                    + " newest revision {}{}", source.settings().location(), reason, newest, details);
            return new SourceOutcome.Unavailable(reason + "; no earlier revision validated", failed, problems);
        }
        String message = "desired source {} is broken, using the last good revision {}: {}; newest revision {}{}";
        if (revisionBroken) {
            LOG.error(message, source.settings().location(), lastGoodText(), reason, newest, details);
        } else {
            LOG.warn(message, source.settings().location(), lastGoodText(), reason, newest, details);
        }
        return new SourceOutcome.Fallback(lastGood.state(), failed,
                reason + "; using the last good revision " + lastGoodText(), problems);
    }

    private String lastGoodText() {
        return lastGood == null ? "none" : lastGood.revision().describe();
    }

    /** Once per process: the last good revision persisted by an earlier process, read and validated again. */
    private void restoreLastGood() {
        if (restored) {
            return;
        }
        restored = true;
        Optional<LastGoodStore.Entry> entry;
        try {
            entry = store.load();
        } catch (LastGoodStore.OutdatedRecordException e) {
            LOG.warn("ignoring the persisted last good revision: {}", e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.error("ignoring the persisted last good revision in {}: {}", source.settings().workDir(), e.getMessage());
            return;
        }
        if (entry.isEmpty()) {
            return;
        }
        SourceRevision revision = entry.get().revision();
        if (!entry.get().key().equals(key)) {
            // the last good state of another repository, ref or path must never be applied to this one (item 13c)
            LOG.warn("ignoring the persisted last good revision {} of {}: the source is now {}; it is not used while"
                    + " the newest revision is broken", revision.describe(), entry.get().key().describe(), key.describe());
            return;
        }
        try {
            source.checkSignatureOf(revision);
        } catch (GitSourceException e) {
            // persisted while signatures were not required, or the key is no longer allowed (item 16)
            LOG.warn("ignoring the persisted last good revision {}: {}", revision.describe(), e.getMessage());
            return;
        }
        try {
            DesiredState state = reader.read(entry.get().root(), entry.get().shownAs(), revision);
            lastGood = new LastGood(state, revision);
            LOG.info("restored the last good revision {}", revision.describe());
        } catch (DesiredStateException | RuntimeException e) {
            LOG.error("the persisted last good revision {} no longer validates, ignoring it: {}", revision.describe(),
                    e.getMessage());
        }
    }
}
