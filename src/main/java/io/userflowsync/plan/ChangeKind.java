package io.userflowsync.plan;

import java.util.Locale;

/** The three ways a step's binding can change. */
public enum ChangeKind {
    /** unbound → connector */
    BIND,
    /** connector A → connector B */
    REBIND,
    /** connector → none (only where the desired state says null) */
    UNBIND;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
