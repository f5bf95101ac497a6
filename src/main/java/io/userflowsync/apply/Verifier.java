package io.userflowsync.apply;

import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.WriteOutcome;
import io.userflowsync.model.Connector;
import io.userflowsync.plan.PlanChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: compares what Graph accepted with what reading the flows again shows. A 2xx is not proof (a reference call
 * has been seen to answer success and bind nothing), so only a matching re-read counts as verified.
 */
public final class Verifier {
    private Verifier() {
    }

    public static List<ChangeResult> verify(List<WriteOutcome> writes, Map<String, FlowRead> reread) {
        List<ChangeResult> results = new ArrayList<>();
        for (WriteOutcome write : writes) {
            PlanChange change = write.change();
            if (!write.accepted()) {
                results.add(new ChangeResult(change, ChangeOutcome.FAILED, write.error(), Optional.empty()));
                continue;
            }
            FlowRead read = reread.get(change.flowId());
            if (read == null || read.flow().isEmpty()) {
                results.add(new ChangeResult(change, ChangeOutcome.UNVERIFIED,
                        read == null ? Optional.empty() : read.error(), Optional.empty()));
                continue;
            }
            Optional<Connector> observed = read.flow().get().binding(change.step());
            boolean asPlanned = sameConnector(observed, change.to());
            results.add(new ChangeResult(change, asPlanned ? ChangeOutcome.VERIFIED : ChangeOutcome.NOT_EFFECTIVE,
                    Optional.empty(), observed));
        }
        return results;
    }

    private static boolean sameConnector(Optional<Connector> observed, Optional<Connector> planned) {
        if (observed.isEmpty() || planned.isEmpty()) {
            return observed.isEmpty() && planned.isEmpty();
        }
        return observed.get().id().equalsIgnoreCase(planned.get().id());
    }
}
