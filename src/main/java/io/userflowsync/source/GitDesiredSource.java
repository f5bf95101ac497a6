package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.model.DesiredState;

import java.util.Optional;

/**
 * The desired state from Git: each load fetches the newest revision through the {@link GitMirror}, with last-good
 * semantics (see {@link DesiredSourceResolver}).
 */
public final class GitDesiredSource implements DesiredSource {
    private final GitMirror mirror;
    private final DesiredSourceResolver resolver;

    public GitDesiredSource(GitMirror mirror, DesiredSourceResolver resolver) {
        this.mirror = mirror;
        this.resolver = resolver;
    }

    @Override
    public void close() {
        mirror.close();
    }

    @Override
    public SourceOutcome load() {
        return resolver.resolve();
    }

    @Override
    public Optional<DesiredState> loadAt(String commitId) throws DesiredStateException, GitSourceException {
        return resolver.readAt(commitId);
    }

    @Override
    public void keepHistoryFrom(String commitId) {
        mirror.keepHistoryFrom(commitId);
    }

    @Override
    public Optional<Boolean> descends(String commitId, String ancestorId) {
        return mirror.descends(commitId, ancestorId);
    }

    @Override
    public Optional<SourceStatus> status() {
        return Optional.of(resolver.status());
    }
}
