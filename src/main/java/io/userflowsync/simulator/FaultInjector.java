package io.userflowsync.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The injected {@link FaultRule}s and how many requests each still has to fail. */
final class FaultInjector {

    private static final class Armed {
        final FaultRule rule;
        int remaining;

        Armed(FaultRule rule) {
            this.rule = rule;
            this.remaining = rule.times();
        }
    }

    private final List<Armed> armed = new ArrayList<>();

    synchronized void inject(FaultRule rule) {
        armed.add(new Armed(rule));
    }

    /** The first rule matching this request, counted down by one (and dropped once spent). */
    synchronized Optional<FaultRule> take(String method, String path) {
        for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
            Armed candidate = it.next();
            if (candidate.rule.matches(method, path)) {
                if (--candidate.remaining == 0) {
                    it.remove();
                }
                return Optional.of(candidate.rule);
            }
        }
        return Optional.empty();
    }
}
