package io.userflowsync.source;

import java.util.Optional;

/** The desired state from Git, with last-good semantics (see {@link DesiredSourceResolver}). */
public final class GitRevisionSource implements DesiredSource {
    private final DesiredSourceResolver resolver;

    public GitRevisionSource(DesiredSourceResolver resolver) {
        this.resolver = resolver;
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
