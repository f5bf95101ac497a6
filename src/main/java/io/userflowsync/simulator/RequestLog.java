package io.userflowsync.simulator;

import java.util.ArrayList;
import java.util.List;

/** The requests the simulator answered, in arrival order, and which of them were Graph writes. */
final class RequestLog {

    private record Entry(RecordedRequest request, boolean graphWrite) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Appends an outer request and then the requests inside it (if it was a $batch), keeping them together. */
    synchronized void add(RecordedRequest outer, boolean graphWrite, List<RecordedRequest> inner) {
        entries.add(new Entry(outer, graphWrite));
        // every write method inside a $batch targets a Graph resource
        inner.forEach(r -> entries.add(new Entry(r, isWriteMethod(r.method()))));
    }

    synchronized List<RecordedRequest> requests() {
        return entries.stream().map(Entry::request).toList();
    }

    synchronized long writeCount() {
        return entries.stream().filter(Entry::graphWrite).count();
    }

    synchronized void clear() {
        entries.clear();
    }

    static boolean isWriteMethod(String method) {
        return switch (method) {
            case "PUT", "PATCH", "POST", "DELETE" -> true;
            default -> false;
        };
    }
}
