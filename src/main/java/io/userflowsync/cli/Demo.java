package io.userflowsync.cli;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.SyncRun;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded default: the built-in simulated tenant (seeded with drift) and the example desired state, so a
 * newcomer sees a real plan and apply with no Azure account. Everything goes over real HTTP on loopback.
 */
final class Demo {
    static final String EXAMPLE = "config/desired-state.example.yaml";

    private final Commands commands;
    private final PrintStream out;

    Demo(Commands commands, PrintStream out) {
        this.commands = commands;
        this.out = out;
    }

    int run(CommandLine cmd) throws Exception {
        SimulatedTenant tenant = SimulatedTenant.demo();
        boolean ownDesired = cmd.settingOverrides().containsKey(Setting.DESIRED_PATH.key());
        try (GraphSimulator simulator = GraphSimulator.start(tenant, 0);
             Example example = ownDesired ? Example.NONE : Example.locate()) {
            Map<String, String> demo = new HashMap<>();
            demo.put(Setting.GRAPH_ENDPOINT.key(), simulator.baseUrl());
            demo.put(Setting.AUTHORITY_HOST.key(), simulator.baseUrl());
            demo.put(Setting.TENANT_ID.key(), tenant.tenantId());
            demo.put(Setting.CLIENT_ID.key(), tenant.clientId());
            demo.put(Setting.CLIENT_SECRET.key(), SimulatedTenant.DEMO_CLIENT_SECRET);
            // The demo tenant's secret is the only credential: one in the environment (a certificate, the AKS token
            // file) would make two, and the agent refuses two. An empty override unsets a setting.
            for (Setting other : new Setting[] {Setting.CLIENT_CERTIFICATE_PATH, Setting.CLIENT_CERTIFICATE_PASSWORD,
                    Setting.FEDERATED_TOKEN_FILE, Setting.GRAPH_CA_FILE}) {
                demo.put(other.key(), "");
            }
            example.path().ifPresent(p -> demo.put(Setting.DESIRED_PATH.key(), p));
            Settings settings = commands.settings(cmd, demo);
            Preflight.check(settings);
            out.println("Simulated tenant " + tenant.tenantId() + " on " + simulator.baseUrl()
                    + "; desired state: " + settings.required(Setting.DESIRED_PATH));
            try (AgentRuntime runtime = AgentRuntime.startOnce(settings, cmd.configFile())) {
                out.println();
                out.println("$ userflow-connector-sync plan");
                int planned = commands.print(runtime.runOnce(RunMode.PLAN), cmd.output());
                out.println("(exit code " + planned + ")");
                out.println();
                out.println("$ userflow-connector-sync apply");
                int applied = commands.print(runtime.runOnce(RunMode.APPLY), "text");
                out.println("(exit code " + applied + ")");
                out.println();
                out.println("$ userflow-connector-sync plan");
                SyncRun again = runtime.runOnce(RunMode.PLAN);
                int replanned = commands.print(again, "text");
                out.println("(exit code " + replanned + ")");
                out.println();
                out.println("Graph requests served: " + simulator.requests().size() + " (writes: "
                        + simulator.writeCount() + ")");
                return applied == Commands.OK && replanned == Commands.OK ? Commands.OK : Commands.ERROR;
            }
        }
    }

    /**
     * The example desired state: the checkout's file when run from a checkout, else a copy of the jar's in a
     * temporary folder that is removed when the demo ends (each run used to leave one behind; issue 6, item 14).
     */
    private record Example(Optional<String> path, Optional<Path> folder) implements AutoCloseable {
        static final Example NONE = new Example(Optional.empty(), Optional.empty());

        static Example locate() throws IOException {
            if (Files.isRegularFile(Path.of(EXAMPLE))) {
                return new Example(Optional.of(EXAMPLE), Optional.empty());
            }
            Path folder = Files.createTempDirectory("userflow-connector-sync-demo");
            Example example = new Example(Optional.of(folder.resolve("desired-state.example.yaml").toString()),
                    Optional.of(folder));
            try (InputStream in = Demo.class.getResourceAsStream("/" + EXAMPLE)) {
                if (in == null) {
                    throw new IOException("the jar has no " + EXAMPLE);
                }
                Files.copy(in, Path.of(example.path().get()));
            } catch (IOException | RuntimeException e) {
                example.close();
                throw e;
            }
            return example;
        }

        @Override
        public void close() throws IOException {
            if (folder.isPresent()) {
                Files.deleteIfExists(Path.of(path.get()));
                Files.deleteIfExists(folder.get());
            }
        }
    }
}
