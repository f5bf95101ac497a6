package io.userflowsync.cli;

import io.userflowsync.text.EditDistance;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line: a command, its options, and settings given with --set or their own flags. The commands
 * {@code help} (with {@code helpTopic}, a command's name, or none for the general help) and {@code version} stand
 * for {@code --help}/{@code -h} and {@code --version}.
 */
record CommandLine(String command, Map<String, String> settingOverrides, Optional<Path> configFile, String output,
                   boolean verbose, boolean force, Optional<Integer> port, Optional<Path> seed,
                   Optional<Integer> latencyMs, Optional<String> helpTopic, Optional<Path> planOut,
                   Optional<Path> planFile, ExportOptions export, boolean probe, Optional<String> tenant,
                   QuotaOptions quota, Optional<String> changedSince, Optional<String> comment,
                   Optional<Long> pullRequest) {
    static final String HELP = "help";
    static final String VERSION = "version";
    /** How long {@code apply --wait} waits for the leader to step down (sync.ha.wait-seconds), unless set. */
    static final int WAIT_SECONDS = 300;

    static CommandLine parse(String[] args) {
        if (args.length == 0) {
            throw new UsageException("no command given", Optional.empty());
        }
        String first = args[0];
        if (first.equals("--version")) {
            return special(VERSION, Optional.empty());
        }
        if (first.equals(HELP) || first.equals("--help") || first.equals("-h")) {
            Optional<String> topic = args.length > 1 ? Optional.of(args[1]) : Optional.empty();
            topic.ifPresent(CommandLine::known);
            return special(HELP, topic);
        }
        if (first.startsWith("-")) {
            throw new UsageException("the command comes first: " + Usage.PROGRAM + " COMMAND [options]", Optional.empty());
        }
        String command = known(first).name();
        // "plan --desired x --help" asks for plan's help, whatever else the line holds.
        if (Arrays.asList(args).subList(1, args.length).stream().anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            return special(HELP, Optional.of(command));
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Optional<Path> config = Optional.empty();
        String output = "text";
        boolean verbose = false;
        boolean force = false;
        boolean probe = false;
        Optional<Integer> port = Optional.empty();
        Optional<Path> seed = Optional.empty();
        ExportOptions export = ExportOptions.NONE;
        Optional<Path> planOut = Optional.empty();
        Optional<Path> planFile = Optional.empty();
        Optional<Integer> latencyMs = Optional.empty();
        Optional<String> tenant = Optional.empty();
        Optional<String> changedSince = Optional.empty();
        QuotaOptions quota = QuotaOptions.NONE;
        Optional<String> comment = Optional.empty();
        Optional<Long> pullRequest = Optional.empty();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (command.equals("apply") && !a.startsWith("-")) {
                // apply FILE, as terraform apply PLANFILE: the one positional argument any command takes.
                planFile = Optional.of(onePlanFile(planFile, a, command));
                continue;
            }
            Usage.Option option = Usage.option(a, command).orElseThrow(() -> new UsageException("unknown option '" + a + "'"
                    + didYouMean(a, Usage.OPTIONS.stream().map(Usage.Option::name).toList()), Optional.of(command)));
            if (!option.takenBy(command)) {
                // Every command that takes an option of this name: --force is two options (apply's and export's).
                List<String> takers = Usage.COMMANDS.stream().map(Usage.Command::name)
                        .filter(c -> Usage.option(a, c).filter(o -> o.takenBy(c)).isPresent()).toList();
                throw new UsageException(command + " does not take " + a + " (" + String.join(", ", takers)
                        + (takers.size() == 1 ? " does)" : " do)"), Optional.of(command));
            }
            switch (a) {
                case "--desired" -> overrides.put("sync.desired.path", value(args, ++i, a, command));
                case "--git" -> overrides.put("sync.git.url", value(args, ++i, a, command));
                case "--git-ref" -> overrides.put("sync.git.ref", value(args, ++i, a, command));
                case "--git-path" -> overrides.put("sync.git.path", value(args, ++i, a, command));
                case "--policy" -> overrides.put("sync.policy", value(args, ++i, a, command));
                case "--config" -> config = Optional.of(Path.of(value(args, ++i, a, command)));
                case "--output" -> {
                    if (command.equals("export")) {
                        export = export.withTarget(value(args, ++i, a, command));
                    } else if (command.equals("doctor")) {
                        output = oneOf(value(args, ++i, a, command), a, command, "text", "json");
                    } else {
                        output = oneOf(value(args, ++i, a, command), a, command, "text", "json", "markdown");
                    }
                }
                case "--verbose" -> verbose = true;
                case "--wait" -> overrides.putIfAbsent("sync.ha.wait-seconds", Integer.toString(WAIT_SECONDS));
                case "--force" -> force = true;
                case "--probe" -> probe = true;
                case "--tenant" -> tenant = Optional.of(value(args, ++i, a, command));
                case "--flows" -> {
                    List<String> ids = new java.util.ArrayList<>();
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        // Flow ids never hold a comma, so "--flows a,b" and "--flows a b" both work.
                        Arrays.stream(args[++i].split(",")).map(String::strip).filter(id -> !id.isEmpty())
                                .forEach(ids::add);
                    }
                    if (ids.isEmpty()) {
                        throw new UsageException("--flows needs at least one user flow id", Optional.of(command));
                    }
                    export = export.withFlows(ids);
                }
                case "--with-connectors" -> export = export.withConnectorsAsked();
                case "--bound-only" -> export = export.withBoundOnly();
                case "--port" -> port = Optional.of(number(value(args, ++i, a, command), a, command));
                case "--seed" -> seed = Optional.of(Path.of(value(args, ++i, a, command)));
                case "--changed-since" -> changedSince = Optional.of(value(args, ++i, a, command));
                case "--comment" -> comment = Optional.of(oneOf(value(args, ++i, a, command), a, command, "github",
                        "gitlab"));
                case "--pull-request" -> {
                    int n = number(value(args, ++i, a, command), a, command);
                    if (n < 1) {
                        throw new UsageException(a + " takes the pull or merge request's number, 1 or more, got " + n,
                                Optional.of(command));
                    }
                    pullRequest = Optional.of((long) n);
                }
                case "--out" -> planOut = Optional.of(Path.of(value(args, ++i, a, command)));
                case "--plan" -> planFile = Optional.of(onePlanFile(planFile, value(args, ++i, a, command), command));
                case "--latency-ms" -> {
                    int ms = number(value(args, ++i, a, command), a, command);
                    if (ms < 0) {
                        throw new UsageException(a + " takes a number of milliseconds, 0 or more, got " + ms,
                                Optional.of(command));
                    }
                    latencyMs = Optional.of(ms);
                }
                case "--quota-per-app" -> quota = quota.withPerApp(atLeast(1, value(args, ++i, a, command), a,
                        command));
                case "--quota-per-tenant" -> quota = quota.withPerTenant(atLeast(1, value(args, ++i, a, command), a,
                        command));
                case "--other-apps-per-minute" -> quota = quota.withOtherApps(atLeast(0,
                        value(args, ++i, a, command), a, command));
                case "--no-quota" -> quota = quota.lifted();
                case "--set" -> {
                    String kv = value(args, ++i, a, command);
                    int eq = kv.indexOf('=');
                    // Never echo what follows '=': it may be a secret.
                    if (eq < 0) {
                        throw new UsageException("--set takes KEY=VALUE, got '" + kv + "'", Optional.of(command));
                    }
                    if (kv.substring(0, eq).isBlank()) {
                        throw new UsageException("--set takes KEY=VALUE, the key is missing", Optional.of(command));
                    }
                    overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
                }
                default -> throw new IllegalStateException("option " + a + " is in Usage.OPTIONS but not parsed");
            }
        }
        if (planFile.isPresent()) {
            List<String> desired = SAVED_PLAN_EXCLUDES.stream().filter(overrides::containsKey).toList();
            if (!desired.isEmpty()) {
                throw new UsageException("apply FILE reads no desired state, so it takes no --desired, --git,"
                        + " --git-ref or --git-path (got " + String.join(", ", desired)
                        + "): the plan file carries its changes", Optional.of(command));
            }
        }
        if (changedSince.isPresent() && planOut.isPresent()) {
            throw new UsageException("--changed-since makes a partial plan, which apply FILE refuses: save a plan of"
                    + " the whole tenant with --out and no --changed-since", Optional.of(command));
        }
        if (pullRequest.isPresent() && comment.isEmpty()) {
            throw new UsageException("--pull-request names where --comment posts the plan: give --comment github or"
                    + " --comment gitlab too", Optional.of(command));
        }
        Optional<String> quotaProblem = quota.problem();
        if (quotaProblem.isPresent()) {
            throw new UsageException(quotaProblem.get(), Optional.of(command));
        }
        return new CommandLine(command, overrides, config, output, verbose, force, port, seed, latencyMs,
                Optional.empty(), planOut, planFile, export, probe, tenant, quota, changedSince, comment, pullRequest);
    }

    /** Settings that say where the desired state is; a saved plan does not read it, so giving one is a mistake. */
    private static final List<String> SAVED_PLAN_EXCLUDES = List.of("sync.desired.path", "sync.git.url",
            "sync.git.ref", "sync.git.path");

    private static Path onePlanFile(Optional<Path> given, String file, String command) {
        if (given.isPresent()) {
            throw new UsageException("apply takes one plan file, got '" + given.get() + "' and '" + file + "'",
                    Optional.of(command));
        }
        return Path.of(file);
    }

    private static CommandLine special(String command, Optional<String> helpTopic) {
        return new CommandLine(command, Map.of(), Optional.empty(), "text", false, false, Optional.empty(),
                Optional.empty(), Optional.empty(), helpTopic, Optional.empty(), Optional.empty(),
                ExportOptions.NONE, false, Optional.empty(), QuotaOptions.NONE, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static Usage.Command known(String name) {
        return Usage.command(name).orElseThrow(() -> {
            List<String> names = Usage.COMMANDS.stream().map(Usage.Command::name).toList();
            String hint = didYouMean(name, names);
            return new UsageException("unknown command '" + name + "'"
                    + (hint.isEmpty() ? "; the commands are " + String.join(", ", names) : hint), Optional.empty());
        });
    }

    // The one place the command line picks a suggestion; switch to text/Suggestions once the two Suggestions
    // classes are one (issue 6, item 15). Short names tolerate one edit ("plna" → "plan"), longer ones two.
    private static String didYouMean(String given, Collection<String> candidates) {
        String lower = given.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .filter(c -> EditDistance.between(lower, c) <= (c.length() < 5 ? 1 : 2))
                .min(Comparator.comparingInt(c -> EditDistance.between(lower, c)))
                .map(c -> ". Did you mean '" + c + "'?").orElse("");
    }

    private static String value(String[] args, int i, String option, String command) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value", Optional.of(command));
        }
        return args[i];
    }

    private static String oneOf(String v, String option, String command, String... allowed) {
        if (!List.of(allowed).contains(v)) {
            throw new UsageException(option + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'",
                    Optional.of(command));
        }
        return v;
    }

    private static int atLeast(int least, String v, String option, String command) {
        int n = number(v, option, command);
        if (n < least) {
            throw new UsageException(option + " takes a number of requests a minute, " + least + " or more, got " + n,
                    Optional.of(command));
        }
        return n;
    }

    private static int number(String v, String option, String command) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, got '" + v + "'", Optional.of(command));
        }
    }

    /** A mistake on the command line; {@code command} is the command it was given to, when that much was known. */
    static final class UsageException extends RuntimeException {
        private final Optional<String> command;

        UsageException(String message, Optional<String> command) {
            super(message);
            this.command = command;
        }

        /** Where to read more: {@code Run 'userflow-connector-sync plan --help' for usage.} */
        String hint() {
            return "Run '" + Usage.PROGRAM + " " + command.map(c -> c + " ").orElse("") + "--help' for usage.";
        }
    }
}
