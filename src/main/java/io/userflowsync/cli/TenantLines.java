package io.userflowsync.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Output of one tenant's section when the agent manages several (issue 9, item 3): every line starts with
 * {@code [name] }, so a CI log interleaving tenants, or a grep for one of them, never loses which tenant a line is
 * about. Lines are written whole, at their newline, and the rest on {@link PrintStream#flush()}.
 */
final class TenantLines extends OutputStream {
    private final PrintStream target;
    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private TenantLines(PrintStream target, String tenant) {
        this.target = target;
        this.prefix = "[" + tenant + "] ";
    }

    static PrintStream prefixed(PrintStream target, String tenant) {
        return new PrintStream(new TenantLines(target, tenant), false, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public void flush() {
        if (line.size() > 0) {
            emit();
            target.println();
        }
        target.flush();
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        target.print(prefix + (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text));
        if (text.endsWith("\n")) {
            target.println();
        }
    }
}
