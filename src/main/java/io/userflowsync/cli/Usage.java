package io.userflowsync.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every command and option of the command line, once: the parser checks against these tables and the help texts are
 * rendered from them, so help never lists an option a command refuses (or the reverse).
 */
final class Usage {
    static final String PROGRAM = "userflow-connector-sync";

    record Command(String name, String summary, String description, List<String> exitCodes) {
    }

    /** An option; {@code argument} is null for a flag; {@code commands} are the commands that take it. */
    record Option(String name, String argument, String help, Set<String> commands) {
        boolean takenBy(String command) {
            return commands.contains(command);
        }
    }

    private static final String ERROR_EXIT = "1  error: invalid desired state, a setting, Graph unreachable or refusing,"
            + " a flow or step that could not be planned, or a run from the last good Git revision";

    static final List<Command> COMMANDS = List.of(
            new Command("validate", "check the desired state and exit (0 valid, 1 invalid)", """
                    Reads the desired state (a YAML file, a folder of them, or a Git revision) and checks it: syntax,
                    schema, duplicates. Every problem is printed with file:line:column. Graph is not called, so no
                    credentials are needed.""",
                    List.of("0  the desired state is valid", "1  it is not (or a setting is wrong)")),
            new Command("plan", "dry run: print the plan (exit 0 no drift, 2 drift, 1 error)", """
                    Dry run: reads the desired state and the tenant's live bindings from Microsoft Graph and prints
                    the plan, the changes apply would make. Writes nothing to the tenant. A plan over
                    sync.max-unbinds or sync.max-changes says which limit and how to proceed, and exits 1. With
                    --out FILE it also saves the plan, for 'apply FILE' to apply exactly these changes later.""",
                    List.of("0  no drift: the tenant matches the desired state", "2  drift: apply would change something",
                            ERROR_EXIT + ", or a plan over a guard's limit (sync.max-unbinds, sync.max-changes),"
                                    + " or --comment could not post the plan")),
            new Command("apply", "reconcile once (exit 0 only when every change was written and verified)", """
                    Reconciles once: plans as plan does, writes each change, then reads the written flows again and
                    verifies every change took effect. A plan over sync.max-unbinds or sync.max-changes is not
                    written at all (--force writes it, this once). While the agent is report-only (sync.mode=report,
                    or suspend: true in the desired state) nothing is written, whatever the options. 'apply FILE'
                    (or --plan FILE) applies a plan saved with 'plan --out FILE' instead, without reading the
                    desired state: exactly its changes, and nothing at all when the live state of any step in it
                    has changed since, or the file was made for another tenant or Graph endpoint, was edited, or is
                    older than sync.saved-plan.max-age.""",
                    List.of("0  every change was written and verified, and every managed flow was read",
                            "1  a change failed or did not take effect, a flow could not be read, a plan over a guard's"
                                    + " limit, a saved plan was refused (nothing written), or any error",
                            "2  report-only (sync.mode=report, or suspend: true): drift found and not written")),
            new Command("run", "the daemon: reconcile at start, then on the schedule (sync.schedule, default 5m)", """
                    The daemon: reconciles once at start, then on sync.schedule (an interval such as 5m, or a Quartz
                    cron) and on the push webhook (POST /hooks/git),
                    serves GET /status on sync.http.port, and Prometheus metrics and health on
                    sync.management.port. Never overrides the guards; writes nothing while report-only
                    (sync.mode=report, or suspend: true in the desired state). Stops gracefully on SIGTERM.""",
                    List.of("0  stopped", "1  could not start (a setting is wrong)")),
            new Command("demo", "plan, apply and plan again against a built-in simulated tenant (no Azure account needed)", """
                    Starts a simulated tenant on loopback (seeded with drift) and runs plan, apply and plan again
                    against it with the example desired state (or --desired). No Azure account is needed.""",
                    List.of("0  the tenant ends in sync", "1  it does not, or an error")),
            new Command("simulate", "serve the simulated tenant over HTTP on loopback until stopped", """
                    Serves the simulated tenant over HTTP on 127.0.0.1 until stopped, and prints the environment
                    that points the agent at it. It enforces Graph's published quota for user flows and API
                    connectors (throttling-limits.md: 200 requests a minute per app, 300 for all apps of the tenant,
                    each request inside a $batch counted; the audit log 5 per 10 s per app), answering 429 with a
                    Retry-After past it; the quota options change or lift it.""",
                    List.of("0  stopped", "1  could not start (port in use, bad seed file)")),
            new Command("export", "write the tenant's live bindings as desired state (YAML) that plans with no drift", """
                    Reads the tenant's user flows (both families: b2xUserFlows, and b2cUserFlows where the tenant
                    has them), their connectors and bindings, and writes them as desired state (format v1) that
                    validates and, planned against the same tenant, shows no drift. Every step Graph has for a flow
                    is written, an unbound one as null (pinned unbound); --bound-only leaves those out. Writes to
                    stdout, a .yaml file, or a folder (one file per flow family). Never overwrites a file without
                    --force. Exporting an unchanged tenant twice gives the same bytes.""",
                    List.of("0  written", "1  nothing written: an unknown flow in --flows, a flow that could not be"
                            + " read, a file that exists, a setting, or Graph unreachable or refusing")),
            new Command("healthcheck", "exit 0 when the daemon on this host answers ready (for Docker's HEALTHCHECK)", """
                    Asks the daemon on this host for its readiness (GET /observe/health/ready on
                    127.0.0.1:sync.management.port) and exits 0 when it answers 200, 1 otherwise, within 5 s. For
                    the image's HEALTHCHECK, where no curl or wget is at hand.""",
                    List.of("0  the daemon is ready", "1  it is not, or does not answer")),
            new Command("doctor", "check which commands the app registration's Graph permissions allow", """
                    Gets an access token with the configured credential (client secret, certificate or workload
                    identity), reads the application permissions it carries (its roles claim; the token itself is
                    never printed) and prints, for each command and feature, the permissions it needs and whether
                    they are granted, with the tenant, the client and the credential's kind. With --probe it also
                    reads once of each kind apply needs (the connectors, the user flows, one flow's bindings; never a
                    write), to catch a permission the token carries but Graph refuses.""",
                    List.of("0  apply and run have every permission they need (optional features may still miss"
                                    + " theirs)",
                            "1  a permission apply needs is missing (or, with --probe, refused by Graph), no token"
                                    + " could be had, its roles cannot be read, or a setting is wrong")));

    private static final Set<String> DESIRED = Set.of("validate", "plan", "apply", "run");
    private static final Set<String> SETTINGS = Set.of("validate", "plan", "apply", "run", "demo", "export",
            "healthcheck", "doctor");
    private static final Set<String> ONE_OFF = Set.of("validate", "plan", "apply", "demo");
    private static final Set<String> ALL = COMMANDS.stream().map(Command::name).collect(Collectors.toSet());

    static final List<Option> OPTIONS = List.of(
            new Option("--desired", "PATH", "desired state: a YAML file or a folder of them (sync.desired.path)",
                    Set.of("validate", "plan", "apply", "run", "demo")),
            new Option("--git", "URL", "desired state from a Git repository instead (sync.git.url; https, ssh, file)",
                    DESIRED),
            new Option("--git-ref", "REF", "branch, tag or commit (sync.git.ref; default: the remote's default branch)",
                    DESIRED),
            new Option("--git-path", "PATH", "file or folder inside the repository (sync.git.path; default: its root)",
                    DESIRED),
            new Option("--policy", "NAME", "sync (default) or upsert-only (sync.policy)",
                    Set.of("plan", "apply", "run", "demo")),
            new Option("--config", "FILE", "a properties file of settings (see config/application.properties)", SETTINGS),
            new Option("--set", "KEY=VALUE", "any setting (see docs/settings.md); repeatable", SETTINGS),
            new Option("--output", "FORMAT", "text (default), json or markdown", ONE_OFF),
            new Option("--output", "FORMAT", "text (default) or json", Set.of("doctor")),
            new Option("--probe", null, "also read once from Graph what each needed permission allows (catches a"
                    + " role in the token that Graph still refuses)", Set.of("doctor")),
            new Option("--output", "FILE|DIR", "a .yaml file, or a folder (existing, or ending in /) that gets one file"
                    + " per flow family; default stdout", Set.of("export")),
            new Option("--flows", "ID...", "only these user flows (space- or comma-separated; default: every flow)",
                    Set.of("export")),
            new Option("--bound-only", null, "leave unbound steps out instead of pinning them with null",
                    Set.of("export")),
            new Option("--force", null, "overwrite files that exist", Set.of("export")),
            new Option("--with-connectors", null, "also write the connectors as a connectors: section (secrets as env: placeholders)",
                    Set.of("export")),
            new Option("--force", null, "write a plan over sync.max-unbinds or sync.max-changes, this run only"
                    + " (never report-only or suspend: true)", Set.of("apply")),
            new Option("--verbose", null, "log at INFO, and the stack trace of an unexpected error", ALL),
            new Option("--wait", null, "with sync.ha, wait for the daemon that leads to step down (at most 300 s, or"
                    + " sync.ha.wait-seconds) instead of refusing", Set.of("apply")),
            new Option("--out", "FILE", "also save the plan to FILE (JSON) for 'apply FILE'", Set.of("plan")),
            new Option("--changed-since", "REV", "read and plan only the flows the desired state changes since"
                    + " revision REV (a pull request's base: origin/main); the plan is marked partial", Set.of("plan")),
            new Option("--comment", "PLATFORM", "also post the plan (Markdown) to the pull request: github or gitlab;"
                    + " one comment per desired path and tenant, updated in place on every push (docs/pull-requests.md)",
                    Set.of("plan")),
            new Option("--pull-request", "N", "with --comment, the pull or merge request's number (default: from the"
                    + " CI: GITHUB_EVENT_PATH, CI_MERGE_REQUEST_IID)", Set.of("plan")),
            new Option("--plan", "FILE", "apply the plan saved in FILE (same as 'apply FILE')", Set.of("apply")),
            new Option("--port", "N", "the port to listen on (default 8089)", Set.of("simulate")),
            new Option("--seed", "FILE", "a tenant seed JSON file (default: the demo tenant)", Set.of("simulate")),
            new Option("--latency-ms", "N", "answer each request N ms after it arrives (default 0), like a distant"
                    + " service", Set.of("simulate")),
            new Option("--quota-per-app", "N", "answer 429 past N Graph requests a minute from one app (default 200,"
                    + " Graph's published limit)", Set.of("simulate")),
            new Option("--quota-per-tenant", "N", "answer 429 past N Graph requests a minute from all apps together"
                    + " (default 300, Graph's published limit)", Set.of("simulate")),
            new Option("--other-apps-per-minute", "N", "other apps use N of the tenant's requests every minute"
                    + " (default 0)", Set.of("simulate")),
            new Option("--no-quota", null, "enforce no quota (Graph's limits, on by default, include the audit log's"
                    + " 5 per 10 s)", Set.of("simulate")),
            new Option("--tenant", "NAME", "with sync.tenants, only this tenant (default: every tenant, one section"
                    + " each)", Set.of("validate", "plan", "apply")),
            new Option("--help", null, "this help", ALL));


    private Usage() {
    }

    static Optional<Command> command(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    static Optional<Option> option(String name) {
        return OPTIONS.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** The option {@code command} takes by that name ({@code --output} means a format or, for export, a path). */
    static Optional<Option> option(String name, String command) {
        return OPTIONS.stream().filter(o -> o.name().equals(name) && o.takenBy(command)).findFirst()
                .or(() -> option(name));
    }

    /** {@code userflow-connector-sync --help}: every command, every option. */
    static String general() {
        StringBuilder sb = new StringBuilder("usage: " + PROGRAM + " COMMAND [options]\n\ncommands:\n");
        COMMANDS.forEach(c -> sb.append(String.format(Locale.ROOT, "  %-10s %s\n", c.name(), c.summary())));
        sb.append("\noptions:\n");
        OPTIONS.forEach(o -> sb.append(line(o, !o.commands().equals(ALL) && o.commands().size() == 1
                ? o.commands().iterator().next() + ": " : "")));
        sb.append(String.format(Locale.ROOT, "  %-21s %s\n", "--version", "print the name and version, and exit"));
        sb.append("\nRun '" + PROGRAM + " COMMAND --help' for a command's options and exit codes.\n");
        return sb.toString();
    }

    /** {@code userflow-connector-sync COMMAND --help}: what it does, its options, its exit codes. */
    static String of(Command command) {
        StringBuilder sb = new StringBuilder("usage: " + PROGRAM + " " + command.name() + " [options]\n\n");
        sb.append(command.summary()).append("\n\n").append(command.description().strip()).append("\n\noptions:\n");
        OPTIONS.stream().filter(o -> o.takenBy(command.name())).forEach(o -> sb.append(line(o, "")));
        sb.append("\nexit codes:\n");
        command.exitCodes().forEach(e -> sb.append("  ").append(e).append('\n'));
        return sb.toString();
    }

    private static String line(Option o, String prefix) {
        String left = o.argument() == null ? o.name() : o.name() + " " + o.argument();
        return String.format(Locale.ROOT, "  %-21s %s%s\n", left, prefix, o.help());
    }
}
