package io.userflowsync.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the {@link GraphQuota}: exact sliding windows over the arrival times of requests (not fixed buckets), one a
 * minute per app ({@code appid} of the token) and one a minute for the tenant (all apps), and one of 10 seconds per
 * app for the audit log.
 *
 * <p><b>What counts where.</b> Every request under {@code /identity/...} counts in its app's minute and the tenant's:
 * user flows ({@code b2xUserFlows}, {@code b2cUserFlows}, their {@code apiConnectorConfiguration} and its
 * {@code $ref}s), API connectors, and the rest of the identity container (custom authentication extensions and
 * authentication event listeners included, though throttling-cpim.md does not name them: the simulator takes the
 * stricter reading for the whole container). {@code /auditLogs/directoryAudits} (and below) counts in its app's 10-second window only. Nothing else
 * counts: the token endpoint (it is Entra's, not Graph's), the outer {@code POST $batch} (each request inside it
 * counts on its own, as json-batching.md, "Batch size limitations", says Graph evaluates them), a request the
 * simulator refuses before it would reach a resource (401 for its token: no app to charge it to; an unknown
 * version), a request an injected {@link FaultRule} answers (it stands for a failure in front of the service that
 * meters requests, and it keeps a test's faults answering exactly as injected, neither pre-empted by the quota nor
 * spending it), and paths outside those two.
 *
 * <p><b>Refused requests count.</b> A request is admitted only when every window it counts in has room; admitted or
 * not, it is then counted in each of them. Graph says so (concepts/throttling.md): "Avoid immediate retries, because
 * all requests accrue against your usage limits", and backing off for the {@code Retry-After} is the fastest way to
 * recover "because Microsoft Graph continues to log resource usage while a client is being throttled". So a client
 * that ignores {@code Retry-After} and keeps sending stays throttled, as it would against Graph.
 *
 * <p><b>The refusal.</b> 429 {@code TooManyRequests} in Graph's error shape, with a {@code Retry-After} in whole
 * seconds (at least 1): the time until enough of the oldest entries have left every window this request counts in
 * for the next one to be admitted, the refused request itself included. It is honest: a client that waits that long
 * and sends nothing meanwhile is admitted (the other apps' load is steady, so it does not move). Graph documents one
 * body for every throttled request; the simulator keeps the code and varies only the message, naming the window
 * that was full: "this app's limit" or "the tenant's limit for all apps" (or both), or the audit log's.
 *
 * <p>Time is a monotonic ticker in nanoseconds ({@link System#nanoTime()} unless a test gives its own), not the
 * simulator's {@link java.time.Clock}, which tests fix or move for token expiry.
 */
final class QuotaWindows {

    static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    static final long TEN_SECONDS = TimeUnit.SECONDS.toNanos(10);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final String RETRY = " Retry after the number of seconds in the Retry-After header.";

    /** Which windows a request counts in. */
    enum Meter { IDENTITY, AUDIT_LOG, NONE }

    /** Why a request was refused, as the 429's message says it, and its {@code Retry-After}. */
    record Refusal(String message, long retryAfterSeconds) {
    }

    private final LongSupplier ticker;
    private final Map<String, Window> minuteByApp = new HashMap<>();
    private final Map<String, Window> auditByApp = new HashMap<>();
    private final Window tenant = new Window(MINUTE);
    private GraphQuota quota;
    private long last = Long.MIN_VALUE;
    private long throttled;

    QuotaWindows(GraphQuota quota, LongSupplier ticker) {
        this.quota = quota;
        this.ticker = ticker;
    }

    static Meter meter(GraphRequest request) {
        List<String> s = request.segments();
        if (!s.isEmpty() && s.get(0).equals("identity")) {
            return Meter.IDENTITY;
        }
        if (s.size() >= 2 && s.get(0).equals("auditLogs") && s.get(1).equals("directoryAudits")) {
            return Meter.AUDIT_LOG;
        }
        return Meter.NONE;
    }

    synchronized GraphQuota quota() {
        return quota;
    }

    /** New limits from the next request on; the requests already counted stay in their windows. */
    synchronized void quota(GraphQuota replacement) {
        quota = replacement;
    }

    /** Counts the request in its windows and says why it is refused; empty when it is admitted. */
    synchronized Optional<Refusal> admit(String appId, Meter meter) {
        long now = now();
        return switch (meter) {
            case NONE -> Optional.empty();
            case AUDIT_LOG -> {
                Window audit = auditByApp.computeIfAbsent(appId, a -> new Window(TEN_SECONDS));
                int limit = quota.auditPerAppPer10Seconds();
                boolean full = audit.size(now) >= limit;
                audit.add(now);
                if (!full) {
                    yield Optional.empty();
                }
                throttled++;
                yield Optional.of(new Refusal("Too many requests: this app's limit of " + limit + " audit log"
                        + " requests per 10 seconds in this tenant is reached." + RETRY,
                        seconds(audit.untilAtMost(now, limit - 1))));
            }
            case IDENTITY -> {
                Window app = minuteByApp.computeIfAbsent(appId, a -> new Window(MINUTE));
                int perApp = quota.perAppPerMinute();
                int perTenant = quota.perTenantPerMinute();
                int others = quota.otherAppsPerMinute();
                boolean appFull = app.size(now) >= perApp;
                boolean tenantFull = (long) tenant.size(now) + others >= perTenant;
                app.add(now);
                tenant.add(now);
                if (!appFull && !tenantFull) {
                    yield Optional.empty();
                }
                throttled++;
                // Both windows, whichever was full: counting this request may have filled the other one too.
                long wait = Math.max(app.untilAtMost(now, perApp - 1), tenant.untilAtMost(now, perTenant - 1 - others));
                List<String> full = new ArrayList<>();
                if (appFull) {
                    full.add("this app's limit of " + perApp + " requests a minute in this tenant");
                }
                if (tenantFull) {
                    full.add("the tenant's limit for all apps of " + perTenant + " requests a minute"
                            + (others > 0 ? " (other apps use " + others + " of them)" : ""));
                }
                yield Optional.of(new Refusal("Too many requests: " + String.join(" and ", full)
                        + (full.size() > 1 ? " are" : " is") + " reached." + RETRY, seconds(wait)));
            }
        };
    }

    synchronized QuotaUsage usage() {
        long now = now();
        return new QuotaUsage(counts(minuteByApp, now), tenant.size(now) + quota.otherAppsPerMinute(),
                quota.otherAppsPerMinute(), counts(auditByApp, now), throttled);
    }

    synchronized long throttled() {
        return throttled;
    }

    synchronized void forgetThrottled() {
        throttled = 0;
    }

    /** The ticker, never behind a time already used, so that every window stays in arrival order. */
    private long now() {
        last = Math.max(last, ticker.getAsLong());
        return last;
    }

    private static Map<String, Integer> counts(Map<String, Window> windows, long now) {
        Map<String, Integer> counts = new HashMap<>();
        windows.forEach((app, window) -> {
            int size = window.size(now);
            if (size > 0) {
                counts.put(app, size);
            }
        });
        return counts;
    }

    /** Whole seconds, rounded up, at least 1: a {@code Retry-After} of 0 would invite an immediate retry. */
    private static long seconds(long nanos) {
        return Math.max(1, (nanos + SECOND - 1) / SECOND);
    }

    /** The arrival times still inside a window of {@code length}, oldest first, in a ring of longs. */
    static final class Window {
        private final long length;
        private long[] stamps = new long[16];
        private int head;
        private int size;

        Window(long length) {
            this.length = length;
        }

        /** An entry that arrived at {@code t} is inside the window until {@code t + length}, exclusive. */
        int size(long now) {
            while (size > 0 && now - stamps[head] >= length) {
                head = (head + 1) % stamps.length;
                size--;
            }
            return size;
        }

        void add(long now) {
            if (size == stamps.length) {
                long[] grown = new long[stamps.length * 2];
                for (int i = 0; i < size; i++) {
                    grown[i] = stamps[(head + i) % stamps.length];
                }
                stamps = grown;
                head = 0;
            }
            stamps[(head + size) % stamps.length] = now;
            size++;
        }

        /** Nanoseconds from {@code now} until at most {@code keep} entries are left; 0 if there are no more now. */
        long untilAtMost(long now, long keep) {
            int current = size(now);
            if (current <= keep) {
                return 0;
            }
            long leaving = current - Math.max(keep, 0);
            long stamp = stamps[(int) ((head + leaving - 1) % stamps.length)];
            return stamp + length - now;
        }
    }
}
