package io.userflowsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar userflow-connector-sync.jar COMMAND [options]} */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean daemon = args.length > 0 && args[0].equals("run");
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        if (!daemon && !verbose) {
            // One-off commands print their result on stdout; the log (stderr) keeps to warnings and errors.
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
            ((Logger) LoggerFactory.getLogger("org.apache.camel.main")).setLevel(Level.WARN);
        }
        System.exit(new Commands(System.out, System.err, System.getenv()).run(args));
    }
}
