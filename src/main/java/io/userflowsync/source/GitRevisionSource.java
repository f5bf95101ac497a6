package io.userflowsync.source;

import java.util.Optional;

/** The desired state from Git, with last-good semantics (see {@link DesiredSourceResolver}). */
public final class GitRevisionSource implements DesiredSource {
    private final GitDesiredSource git;
    private final DesiredSourceResolver resolver;

    public GitRevisionSource(GitDesiredSource git, DesiredSourceResolver resolver) {
        this.git = git;
        this.resolver = resolver;
    }

    @Override
    public void close() {
        git.close();
    }

    @Override
    public SourceOutcome load() {
        return resolver.resolve();
    }

    @Override
    public Optional<SourceStatus> status() {
        return Optional.of(resolver.status());
    }
}
