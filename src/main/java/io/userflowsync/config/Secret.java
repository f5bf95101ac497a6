package io.userflowsync.config;

/**
 * A credential. Its {@link #toString()} never shows the value, so a Secret that ends up in a log line, an exception
 * message or a record's toString stays hidden; only {@link #reveal()} gives the value, to the code that sends it.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
