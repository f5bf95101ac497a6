package io.userflowsync.savedplan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan file's JSON: it reads back as written, says what it is, and refuses every edit. */
class PlanFileFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every part a plan can have: each kind of change, what a policy held back, errors with and without a place. */
    static PlanFile everything() {
        Plan plan = new Plan(Policy.UPSERT_ONLY, List.of(SavedPlans.UNBIND, SavedPlans.BIND, SavedPlans.REBIND),
                List.of(SavedPlans.HELD), List.of(SavedPlans.UNKNOWN_FLOW, SavedPlans.AMBIGUOUS, SavedPlans.READ_FAILED),
                9, 1);
        return SavedPlans.file(plan);
    }

    @Test
    void aPlanFileReadsBackEqualToWhatWasWritten() throws Exception {
        PlanFile written = everything();

        assertThat(PlanFileFormat.read(PlanFileFormat.write(written))).isEqualTo(written);
    }

    @Test
    void aPlanFromAFolderWithoutCommitAndWithoutChangesReadsBackEqualToo() throws Exception {
        PlanFile written = new PlanFile(SavedPlans.MADE, "userflow-connector-sync (version unknown)",
                SavedPlans.TENANT_A, SourceRevision.folder("desired/"), new Plan(Policy.SYNC, List.of(), List.of(),
                List.of(), 4, 4));

        assertThat(PlanFileFormat.read(PlanFileFormat.write(written))).isEqualTo(written);
    }

    @Test
    void theFileSaysWhatItIsWhoMadeItForWhomFromWhatAndEndsWithItsChecksum() throws Exception {
        String text = PlanFileFormat.write(everything());
        var json = JSON.readTree(text);

        assertThat(json.path("planFileVersion").intValue()).isEqualTo(1);
        assertThat(json.path("about").textValue()).contains("apply FILE");
        assertThat(json.path("createdAt").textValue()).isEqualTo("2026-11-25T09:30:00Z");
        assertThat(json.path("target").path("tenantId").textValue()).isEqualTo(SavedPlans.TENANT_A.tenantId());
        assertThat(json.path("source").path("commit").textValue()).isEqualTo(SavedPlans.GIT.commitId().orElseThrow());
        assertThat(json.path("changes").get(0).path("from").path("id").textValue())
                .isEqualTo(SavedPlans.UNBIND.from().orElseThrow().id());
        assertThat(json.path("summary").path("unbind").intValue()).isEqualTo(1);
        List<String> keys = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).last().isEqualTo("checksum");
        assertThat(json.path("checksum").textValue()).matches("sha256:[0-9a-f]{64}");
        assertThat(text).endsWith("}\n");
    }

    @Test
    void writingTheSamePlanTwiceGivesTheSameBytes() {
        assertThat(PlanFileFormat.write(everything())).isEqualTo(PlanFileFormat.write(everything()));
    }

    @Test
    void reIndentingTheFileIsNoEdit() throws Exception {
        String compact = JSON.writeValueAsString(JSON.readTree(PlanFileFormat.write(everything())));

        assertThat(compact).doesNotContain("\n");
        assertThat(PlanFileFormat.read(compact)).isEqualTo(everything());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a connector id in a change  | 7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10 | 7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f11",
            "the tenant                  | 10000000-0000-0000-0000-00000000000a | 10000000-0000-0000-0000-00000000000b",
            "the time it was made        | 2026-11-25T09:30:00Z                 | 2026-11-26T09:30:00Z",
            "an action                   | \"action\" : \"rebind\"               | \"action\" : \"bind\"",
            "the policy                  | \"upsert-only\"                      | \"sync\"",
            "a count                     | \"managedSteps\" : 9                 | \"managedSteps\" : 8"})
    void anEditAnywhereIsRefused(String what, String from, String to) {
        String text = PlanFileFormat.write(everything());
        assertThat(text).contains(from);

        assertThatThrownBy(() -> PlanFileFormat.read(text.replaceFirst(java.util.regex.Pattern.quote(from), to)))
                .isInstanceOf(PlanFileException.class)
                .hasMessage("the plan file was edited or damaged after it was written (its checksum does not match"
                        + " its content); plan again");
    }

    @Test
    void aRemovedChangeIsRefused() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(PlanFileFormat.write(everything()));
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("changes")).remove(2);

        assertThatThrownBy(() -> PlanFileFormat.read(json.toPrettyString())).hasMessageContaining("checksum does not");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "truncated               | CUT        | not a plan file: it is not valid JSON (Unexpected end-of-input",
            "not an object           | []         | not a plan file of userflow-connector-sync (it has no planFileVersion)",
            "some other JSON         | {\"a\": 1} | not a plan file of userflow-connector-sync (it has no planFileVersion)",
            "a newer version         | V2         | plan file version 2 is not one this agent reads (it reads 1); plan again with the agent that applies",
            "a version as text       | VTEXT      | plan file version \"1\" is not one this agent reads (it reads 1)",
            "no checksum             | NOSUM      | the plan file has no checksum, so an edit could not be told; plan again",
            "a duplicate key         | DUP        | not a plan file: it is not valid JSON (Duplicate field 'planFileVersion'"})
    void aFileThatIsNoPlanFileOfThisVersionIsRefusedSayingWhy(String what, String how, String message) {
        String text = PlanFileFormat.write(everything());
        String broken = switch (how) {
            case "CUT" -> text.substring(0, text.length() / 2);
            case "V2" -> text.replace("\"planFileVersion\" : 1", "\"planFileVersion\" : 2");
            case "VTEXT" -> text.replace("\"planFileVersion\" : 1", "\"planFileVersion\" : \"1\"");
            case "NOSUM" -> text.replaceAll(",\\s*\"checksum\" : \"[^\"]*\"", "");
            case "DUP" -> text.replace("\"planFileVersion\" : 1,", "\"planFileVersion\" : 1, \"planFileVersion\" : 1,");
            default -> how;
        };
        assertThat(broken).isNotEqualTo(text);

        assertThatThrownBy(() -> PlanFileFormat.read(broken)).isInstanceOf(PlanFileException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown step         | postFederationSignup      | postFederationSignUp | unknown step 'postFederationSignUp'",
            "a bind that unbinds     | \"action\" : \"bind\"     | \"action\" : \"unbind\" | B2X_1_partner_signup postFederationSignup: action 'unbind' does not fit from null",
            "a flow id that is none  | B2X_1_customers           | ../../users          | '../../users' is not a user flow id"})
    void aFileWhoseChecksumWasRecomputedIsStillCheckedKeyByKey(String what, String from, String to, String message)
            throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(PlanFileFormat.write(everything()).replaceFirst(
                java.util.regex.Pattern.quote(from), to));
        json.remove("checksum");
        json.put("checksum", "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(JSON.writeValueAsBytes(json))));

        assertThatThrownBy(() -> PlanFileFormat.read(json.toPrettyString())).isInstanceOf(PlanFileException.class)
                .hasMessageStartingWith("the plan file is malformed: " + message);
    }

    @Test
    void anEditedFileIsRefusedEvenWhenItStillParses() {
        UnaryOperator<String> rebindElsewhere = t -> t.replace("\"Enrich partner profile\"", "\"Enrich partner profilf\"");
        String text = PlanFileFormat.write(everything());

        assertThatThrownBy(() -> PlanFileFormat.read(rebindElsewhere.apply(text)))
                .hasMessageContaining("edited or damaged");
    }
}
