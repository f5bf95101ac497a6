package io.userflowsync.apply;

import java.util.Locale;

/** What became of one planned change. */
public enum ChangeOutcome {
    /** Graph accepted the write and reading the flow again shows the step as planned. */
    VERIFIED,
    /** Graph answered 2xx, but reading the flow again shows the step differs from the plan (never called success). */
    NOT_EFFECTIVE,
    /** Graph accepted the write, but the flow could not be read again to check it. */
    UNVERIFIED,
    /** Graph refused the write. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
