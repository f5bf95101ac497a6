package io.userflowsync.export;

import io.userflowsync.desired.DesiredStateFormat;
import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.model.Connector;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's text decided from a snapshot, with no Graph: its bytes, its header, and how a folder splits it. */
class ExportDocumentTest {
    private static final ExportRequest ALL = new ExportRequest(List.of(), false, false);
    private static final Connector A = new Connector("00000000-0000-4000-8000-00000000000a", "Alpha");
    private static final Connector B = new Connector("00000000-0000-4000-8000-00000000000b", "Beta");

    @TempDir
    Path dir;

    private static TenantSnapshot snapshot(List<LiveFlow> flows, List<Connector> connectors,
                                           Map<UserFlowKind, GraphError> notServed) {
        return new TenantSnapshot(EnumSet.of(UserFlowKind.B2X, UserFlowKind.B2C), notServed, flows, connectors, List.of(),
                List.of());
    }

    private static LiveFlow flow(String id, Connector federation, Connector attributes) {
        Map<Step, Connector> bindings = new java.util.EnumMap<>(Step.class);
        Optional.ofNullable(federation).ifPresent(c -> bindings.put(Step.POST_FEDERATION_SIGNUP, c));
        Optional.ofNullable(attributes).ifPresent(c -> bindings.put(Step.POST_ATTRIBUTE_COLLECTION, c));
        return new LiveFlow(id, bindings);
    }

    @Test
    void theBytesDoNotDependOnTheOrderGraphListedThingsIn() {
        List<LiveFlow> flows = new ArrayList<>(List.of(flow("B2X_1_b", A, null), flow("B2C_1_a", null, B),
                flow("B2X_1_a", B, A)));
        List<Connector> connectors = new ArrayList<>(List.of(A, B));
        String first = ExportDocument.of(ALL, snapshot(flows, connectors, Map.of()), "t", "https://graph.microsoft.com")
                .oneDocument().orElseThrow();
        Collections.reverse(flows);
        Collections.reverse(connectors);

        String second = ExportDocument.of(ALL, snapshot(flows, connectors, Map.of()), "t",
                "https://graph.microsoft.com").oneDocument().orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(first.indexOf("B2C_1_a")).isLessThan(first.indexOf("B2X_1_a"));
        assertThat(first.indexOf("B2X_1_a")).isLessThan(first.indexOf("B2X_1_b"));
    }

    @Test
    void aRefusedFamilyIsNamedByStatusAndCodeOnlyNeverByItsMessageOrRequestId() {
        GraphError error = new GraphError(400, "BadRequest", "Resource not found for the segment 'b2cUserFlows'.",
                Optional.of("5a1e0c6f-request-id"));

        String text = ExportDocument.of(ALL, snapshot(List.of(flow("B2X_1_a", A, null)), List.of(A),
                Map.of(UserFlowKind.B2C, error)), "t", "https://graph.microsoft.com").oneDocument().orElseThrow();

        assertThat(text).contains("# No Azure AD B2C user flows (B2C_1_): GET /beta/identity/b2cUserFlows answered "
                + "HTTP 400 BadRequest.\n").doesNotContain("5a1e0c6f").doesNotContain("segment");
    }

    @Test
    void theGraphEndpointInTheHeaderNeverCarriesUserInfoOrAQuery() {
        assertThat(ExportDocument.endpoint("https://user:p4ss@graph.example:8443/base?key=s3cret#x"))
                .isEqualTo("https://graph.example:8443/base");
        assertThat(ExportDocument.endpoint("https://graph.microsoft.com")).isEqualTo("https://graph.microsoft.com");
    }

    @Test
    void aTenantNoDocumentCanHoldIsSplitIntoPartsThatTheLoaderReadsAsOne() throws Exception {
        Random random = new Random(7);
        List<Connector> connectors = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            connectors.add(new Connector(String.format(java.util.Locale.ROOT, "00000000-0000-4000-8000-%012d", i),
                    "Connector number " + i + " with a long display name to fill the file " + "x".repeat(40)));
        }
        List<LiveFlow> flows = new ArrayList<>();
        for (int i = 0; i < 7000; i++) {
            flows.add(flow(String.format(java.util.Locale.ROOT, "B2X_1_flow_%05d", i),
                    connectors.get(random.nextInt(50)), connectors.get(random.nextInt(50))));
        }
        flows.add(flow("B2C_1_one", connectors.get(0), null));
        ExportDocument document = ExportDocument.of(ALL, snapshot(flows, connectors, Map.of()), "t",
                "https://graph.microsoft.com");

        assertThat(document.oneDocument()).as("more than the loader reads from one file").isEmpty();
        List<ExportDocument.ExportFile> files = document.perFamily();
        assertThat(files).extracting(ExportDocument.ExportFile::name)
                .containsExactly("b2x-user-flows-001.yaml", "b2x-user-flows-002.yaml", "b2c-user-flows.yaml");
        assertThat(files.get(1).text()).contains("# This file: the External ID self-service sign-up user flows "
                + "(B2X_1_), part 2 of 2.\n");
        for (ExportDocument.ExportFile file : files) {
            assertThat(file.text().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(DesiredStateFormat.MAX_FILE_BYTES);
            Files.writeString(dir.resolve(file.name()), file.text(), StandardCharsets.UTF_8);
        }
        DesiredState read = new DesiredStateLoader(false).load(dir);
        assertThat(read.flows()).hasSize(7001);
        assertThat(read.flows().get(6999).flowId()).isEqualTo("B2X_1_flow_06998");
    }
}
