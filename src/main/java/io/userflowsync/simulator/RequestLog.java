package io.userflowsync.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The requests the simulator answered, in arrival order, and which of them were Graph writes. */
final class RequestLog {

    /** The outer {@code POST /{version}/$batch} is not itself a write; the requests inside it are. */
    private static final Pattern OUTER_BATCH = Pattern.compile("^/[^/]+/\\$batch/?$");

    private record Entry(RecordedRequest request, boolean graphWrite, List<RecordedRequest> inner) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Appends an outer request and the requests inside it (if it was a $batch), keeping them together. */
    synchronized void add(RecordedRequest outer, boolean graphWrite, List<RecordedRequest> inner) {
        entries.add(new Entry(outer, graphWrite, List.copyOf(inner)));
    }

    /** Every request, a $batch followed by the requests inside it. */
    synchronized List<RecordedRequest> requests() {
        List<RecordedRequest> all = new ArrayList<>();
        for (Entry e : entries) {
            all.add(e.request());
            all.addAll(e.inner());
        }
        return all;
    }

    synchronized List<RecordedBatch> batches() {
        return entries.stream().filter(e -> isBatch(e.request()))
                .map(e -> new RecordedBatch(e.request(), e.inner())).toList();
    }

    /** Outer writes to Graph resources, and every write method inside a $batch (each targets a Graph resource). */
    synchronized long writeCount() {
        long count = 0;
        for (Entry e : entries) {
            count += (e.graphWrite() ? 1 : 0) + e.inner().stream().filter(r -> isWriteMethod(r.method())).count();
        }
        return count;
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

    static boolean isBatch(RecordedRequest request) {
        return !request.insideBatch() && OUTER_BATCH.matcher(request.path()).matches();
    }
}
