package io.userflowsync.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parsed command line: a command, its options, and settings given with --set or their own flags. */
record CommandLine(String command, Map<String, String> settingOverrides, Optional<Path> configFile, String output,
                   boolean verbose, Optional<Integer> port, Optional<Path> seed) {

    static final String USAGE = """
            usage: userflow-connector-sync COMMAND [options]

            commands:
              validate   check the desired state and exit (0 valid, 1 invalid)
              plan       dry run: print the plan (exit 0 no drift, 2 drift, 1 error)
              apply      reconcile once (exit 0 only when every change was written and verified)
              run        the daemon: reconcile at start, then on the schedule (sync.schedule, default 5m)
              demo       plan, apply and plan again against a built-in simulated tenant (no Azure account needed)
              simulate   serve the simulated tenant over HTTP on loopback until stopped

            options:
              --desired PATH        desired state: a YAML file or a folder of them (sync.desired.path)
              --git URL             desired state from a Git repository instead (sync.git.url; https, ssh, file)
              --git-ref REF         branch, tag or commit (sync.git.ref; default: the remote's default branch)
              --git-path PATH       file or folder inside the repository (sync.git.path; default: its root)
              --policy NAME         sync (default) or upsert-only (sync.policy)
              --config FILE         a properties file of settings
              --set KEY=VALUE       any setting (see README); repeatable
              --output FORMAT       text (default), json or markdown (validate, plan, apply)
              --verbose             log at INFO (default: warnings and errors only, except for run)
              --port N              simulate: the port to listen on (default 8089)
              --seed FILE           simulate: a tenant seed JSON file (default: the demo tenant)
            """;

    static CommandLine parse(String[] args) {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String command = args[0];
        if (!List.of("validate", "plan", "apply", "run", "demo", "simulate", "help", "--help", "-h").contains(command)) {
            throw new UsageException("unknown command '" + command + "'");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Optional<Path> config = Optional.empty();
        String output = "text";
        boolean verbose = false;
        Optional<Integer> port = Optional.empty();
        Optional<Path> seed = Optional.empty();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--desired" -> overrides.put("sync.desired.path", value(args, ++i, a));
                case "--git" -> overrides.put("sync.git.url", value(args, ++i, a));
                case "--git-ref" -> overrides.put("sync.git.ref", value(args, ++i, a));
                case "--git-path" -> overrides.put("sync.git.path", value(args, ++i, a));
                case "--policy" -> overrides.put("sync.policy", value(args, ++i, a));
                case "--config" -> config = Optional.of(Path.of(value(args, ++i, a)));
                case "--output" -> output = oneOf(value(args, ++i, a), a, "text", "json", "markdown");
                case "--verbose" -> verbose = true;
                case "--port" -> port = Optional.of(number(value(args, ++i, a), a));
                case "--seed" -> seed = Optional.of(Path.of(value(args, ++i, a)));
                case "--set" -> {
                    String kv = value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--set takes KEY=VALUE, got '" + kv.split("=", 2)[0] + "...'");
                    }
                    overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
                }
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        return new CommandLine(command, overrides, config, output, verbose, port, seed);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static String oneOf(String v, String option, String... allowed) {
        if (!List.of(allowed).contains(v)) {
            throw new UsageException(option + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
        }
        return v;
    }

    private static int number(String v, String option) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, got '" + v + "'");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
