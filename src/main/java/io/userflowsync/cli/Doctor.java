package io.userflowsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import io.userflowsync.doctor.PermissionCheck;
import io.userflowsync.graph.CredentialKind;
import io.userflowsync.graph.Credentials;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphConnection;
import io.userflowsync.graph.GraphException;
import io.userflowsync.graph.TokenClaims;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code doctor}: gets a token with the configured credential and tells, from the application permissions it carries
 * (its {@code roles} claim), which commands and features the app registration can use (issue 9 item 6). Prints the
 * tenant, the client and the credential's kind, never the token or any credential material. Exit 0 when apply has
 * every permission it needs, 1 otherwise, and 1 when no token can be had or its roles cannot be read.
 */
final class Doctor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Commands commands;
    private final PrintStream out;
    private final PrintStream err;

    Doctor(Commands commands, PrintStream out, PrintStream err) {
        this.commands = commands;
        this.out = out;
        this.err = err;
    }

    /** Who the agent signs in as: from the settings, before any token. */
    record Identity(String tenantId, String clientId, String credential) {
    }

    private static final java.util.regex.Pattern GUID = java.util.regex.Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    int run(CommandLine cmd) {
        boolean json = cmd.output().equals("json");
        Settings settings = commands.settings(cmd, Map.of());
        List<String> problems = Credentials.problems(settings, Clock.systemUTC());
        if (!problems.isEmpty()) {
            String reason = problems.size() == 1 ? problems.get(0)
                    : problems.size() + " problems with the settings:\n  " + String.join("\n  ", problems);
            return failed(json, Optional.empty(), reason);
        }
        Identity identity = new Identity(settings.required(Setting.TENANT_ID), settings.required(Setting.CLIENT_ID),
                CredentialKind.choose(settings).kind().label());
        Optional<TokenClaims> claims;
        Optional<List<DoctorProbe.Result>> probes = Optional.empty();
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            GraphClient client = GraphConnection.open(camel, settings);
            claims = client.tokenClaims();
            if (cmd.probe() && claims.isPresent()) {
                // An external tenant's app reads its sign-up flows and extensions; another app its user flows and
                // connectors, and the external ones too when its token grants them.
                List<String> roles = claims.get().roles();
                List<DoctorProbe.Result> results = new java.util.ArrayList<>();
                if (!PermissionCheck.externalApp(roles)) {
                    results.addAll(DoctorProbe.run(client));
                }
                if (roles.stream().anyMatch(r -> r.startsWith("EventListener."))) {
                    results.addAll(DoctorProbe.runExternal(client));
                }
                probes = Optional.of(List.copyOf(results));
            }
        } catch (GraphException e) {
            return failed(json, Optional.of(identity), "could not get a token: " + e.getMessage());
        } catch (SettingsException e) {
            return failed(json, Optional.of(identity), e.getMessage());
        } finally {
            camel.stop();
        }
        if (claims.isEmpty()) {
            return failed(json, Optional.of(identity), "the access token is not a JWT, so the permissions it grants"
                    + " (its roles claim) cannot be read; check them under the app registration's API permissions");
        }
        PermissionCheck.Result result = PermissionCheck.of(claims.get().roles());
        List<DoctorProbe.Result> refused = probes.orElse(List.of()).stream().filter(p -> !p.ok()).toList();
        boolean ready = result.applyReady() && refused.isEmpty();
        int exit = ready ? Commands.OK : Commands.ERROR;
        String verdict = !result.applyReady() ? "apply and run cannot work: missing "
                + String.join(", ", result.missingForApply())
                + " (grant it under the app registration's API permissions, with admin consent)."
                : !refused.isEmpty() ? "apply and run cannot work: Graph refused " + refused.size() + " of the probe's"
                + " reads although the token grants them (check the admin consent of the app's API permissions)."
                : "apply and run have every permission they need" + (probes.isPresent()
                ? ", and Graph answered every read of the probe." : ".");
        List<String> warnings = tokenMismatch(identity, claims.get());
        if (json) {
            out.println(document(identity, Optional.of(result), probes, warnings,
                    ready ? "ready" : result.applyReady() ? "refused" : "missing", verdict, exit));
        } else {
            out.print(text(identity, result, probes, warnings, verdict));
        }
        if (json && !ready) {
            // stdout holds the document; the verdict for people goes to stderr, as the other commands do.
            err.println("error: " + verdict);
        }
        return exit;
    }

    /**
     * A token for another tenant or client than the settings name: an authority or setting mix-up worth saying. The
     * tenant is compared only when the setting is the directory id; a domain name (contoso.onmicrosoft.com), which
     * the authority accepts too, cannot be compared with the token's {@code tid}.
     */
    static List<String> tokenMismatch(Identity identity, TokenClaims claims) {
        java.util.ArrayList<String> warnings = new java.util.ArrayList<>();
        claims.tenantId().filter(t -> GUID.matcher(identity.tenantId()).matches())
                .filter(t -> !t.equalsIgnoreCase(identity.tenantId())).ifPresent(t ->
                warnings.add("the token is for tenant " + t + ", not " + identity.tenantId()));
        claims.appId().filter(a -> !a.equalsIgnoreCase(identity.clientId())).ifPresent(a ->
                warnings.add("the token is for client " + a + ", not " + identity.clientId()));
        return warnings;
    }

    private int failed(boolean json, Optional<Identity> identity, String reason) {
        if (json) {
            out.println(document(identity.orElse(null), Optional.empty(), Optional.empty(), List.of(), "failed", reason,
                    Commands.ERROR));
        }
        err.println("error: " + reason);
        return Commands.ERROR;
    }

    private static String text(Identity identity, PermissionCheck.Result result,
                               Optional<List<DoctorProbe.Result>> probes, List<String> warnings, String verdict) {
        StringBuilder sb = new StringBuilder();
        sb.append("Tenant:     ").append(identity.tenantId()).append('\n');
        sb.append("Client:     ").append(identity.clientId()).append('\n');
        sb.append("Credential: ").append(identity.credential()).append('\n');
        sb.append("Granted:    ").append(result.roles().isEmpty() ? "(no application permissions)"
                : String.join(", ", result.roles())).append('\n');
        warnings.forEach(w -> sb.append("Warning:    ").append(w).append('\n'));
        sb.append('\n');
        int feature = "feature".length();
        int cmds = "commands".length();
        int needs = "needs (any one)".length();
        for (PermissionCheck.Row r : result.rows()) {
            feature = Math.max(feature, r.need().feature().length());
            cmds = Math.max(cmds, String.join(", ", r.need().commands()).length());
            needs = Math.max(needs, String.join(" or ", r.need().anyOf()).length());
        }
        String format = "  %-" + feature + "s  %-" + cmds + "s  %-" + needs + "s  %s\n";
        sb.append(String.format(Locale.ROOT, format, "feature", "commands", "needs (any one)", "status"));
        for (PermissionCheck.Row r : result.rows()) {
            String status = r.granted() ? "granted" : r.required() ? "MISSING" : "missing";
            String note = r.hint().or(() -> r.need().note()).map(n -> " (" + n + ")").orElse("");
            sb.append(String.format(Locale.ROOT, format, r.need().feature(), String.join(", ", r.need().commands()),
                    String.join(" or ", r.need().anyOf()), status + note));
        }
        probes.ifPresent(list -> {
            sb.append("\nProbe (one read of each kind; nothing is written):\n");
            int width = list.stream().mapToInt(p -> p.feature().length()).max().orElse(0);
            list.forEach(p -> sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %s\n", p.feature(),
                    p.ok() ? "ok: " + p.detail() : "REFUSED " + p.detail() + ": " + p.refused().get().describe())));
        });
        sb.append('\n').append(verdict).append('\n');
        return sb.toString();
    }

    /** One JSON document, whatever happened: {@code identity} is null when the settings name no usable credential. */
    private static String document(Identity identity, Optional<PermissionCheck.Result> result,
                                   Optional<List<DoctorProbe.Result>> probes, List<String> warnings,
                                   String outcome, String reason, int exit) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", "doctor");
        root.put("result", outcome);
        root.put("reason", reason);
        root.put("exitCode", exit);
        root.put("tenantId", identity == null ? null : identity.tenantId());
        root.put("clientId", identity == null ? null : identity.clientId());
        root.put("credential", identity == null ? null : identity.credential());
        if (result.isPresent()) {
            ArrayNode roles = root.putArray("roles");
            result.get().roles().forEach(roles::add);
            root.put("applyReady", result.get().applyReady());
            ArrayNode checks = root.putArray("checks");
            for (PermissionCheck.Row r : result.get().rows()) {
                ObjectNode row = checks.addObject();
                row.put("feature", r.need().feature());
                r.need().commands().forEach(row.putArray("commands")::add);
                r.need().anyOf().forEach(row.putArray("needsAnyOf")::add);
                row.put("requiredForApply", r.required());
                row.put("granted", r.granted());
                row.put("grantedBy", r.grantedBy().orElse(null));
                row.put("note", r.hint().or(() -> r.need().note()).orElse(null));
            }
        } else {
            root.putNull("roles");
            root.putNull("applyReady");
            root.putNull("checks");
        }
        if (probes.isPresent()) {
            ArrayNode list = root.putArray("probes");
            for (DoctorProbe.Result p : probes.get()) {
                ObjectNode probe = list.addObject();
                probe.put("feature", p.feature());
                probe.put("ok", p.ok());
                probe.put("detail", p.detail());
                probe.put("error", p.refused().map(e -> e.describe()).orElse(null));
            }
        } else {
            root.putNull("probes");
        }
        warnings.forEach(root.withArray("warnings")::add);
        if (warnings.isEmpty()) {
            root.putArray("warnings");
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
