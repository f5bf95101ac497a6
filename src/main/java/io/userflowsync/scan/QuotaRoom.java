package io.userflowsync.scan;

/** How much of the Graph budget a run could spend right now without waiting (the Graph client's gate knows). */
public interface QuotaRoom {
    /** Requests the scan budget has room for now. */
    int scan();

    /** Requests priority traffic has room for now. */
    int priority();

    /** The current ceiling per minute (the quota, or less after Graph refused requests). */
    int perMinute();

    /** The scan budget per minute. */
    int scanPerMinute();

    /** No quota: every run may read as much as it wants (tests of the reconcile loop alone). */
    QuotaRoom UNLIMITED = new QuotaRoom() {
        @Override
        public int scan() {
            return Integer.MAX_VALUE / 2;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE / 2;
        }

        @Override
        public int perMinute() {
            return Integer.MAX_VALUE / 2;
        }

        @Override
        public int scanPerMinute() {
            return Integer.MAX_VALUE / 2;
        }
    };
}
