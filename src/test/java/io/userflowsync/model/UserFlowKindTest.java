package io.userflowsync.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flow-id rules the loader, the Graph client and the simulator share. */
class UserFlowKindTest {

    @ParameterizedTest(name = "{0}: exact {1}, ignoring case {2}, valid in the desired state {3}")
    @CsvSource(nullValues = "-", value = {
            // flow id,          of (exact), ofIgnoringCase, matches ID
            "B2X_1_partner,      B2X,        B2X,            true",
            "B2C_1_susi,         B2C,        B2C,            true",
            "B2X_1_a.b-c_d,      B2X,        B2X,            true",
            "b2x_1_partner,      -,          B2X,            false",
            "b2c_1_susi,         -,          B2C,            false",
            "B2X_1_,             -,          B2X,            false",
            "B2X_1_a b,          B2X,        B2X,            false",
            "B2Y_1_partner,      -,          -,              false",
            "B2X-1-partner,      -,          -,              false",
            "partner,            -,          -,              false"})
    void theIdsPrefixNamesTheKind(String flowId, UserFlowKind exact, UserFlowKind ignoringCase, boolean valid) {
        assertThat(UserFlowKind.of(flowId)).isEqualTo(Optional.ofNullable(exact));
        assertThat(UserFlowKind.ofIgnoringCase(flowId)).isEqualTo(Optional.ofNullable(ignoringCase));
        assertThat(UserFlowKind.ID.matcher(flowId).matches()).isEqualTo(valid);
    }

    @ParameterizedTest
    @EnumSource(value = UserFlowKind.class, names = {"B2X", "B2C"})
    void everyPrefixedKindsPrefixIsOneTheIdPatternAccepts(UserFlowKind kind) {
        String id = kind.idPrefix() + "name";

        assertThat(UserFlowKind.ID.matcher(id).matches()).isTrue();
        assertThat(UserFlowKind.of(id)).contains(kind);
        assertThat(UserFlowKind.require(id)).isEqualTo(kind);
        assertThat(UserFlowKind.ofCollection(kind.collection())).contains(kind);
    }

    @ParameterizedTest(name = "{0}: {1}, v1.0 {2}, beta {3}")
    @CsvSource({
            "B2X, v1.0/identity/b2xUserFlows, true,  true",
            "B2C, beta/identity/b2cUserFlows, false, true"})
    void whereGraphServesEachKind(UserFlowKind kind, String collectionPath, boolean inV1, boolean inBeta) {
        assertThat(kind.collectionPath()).isEqualTo(collectionPath);
        assertThat(kind.apiVersion() + "/identity/" + kind.collection()).isEqualTo(collectionPath);
        assertThat(kind.servedIn("v1.0")).isEqualTo(inV1);
        assertThat(kind.servedIn("beta")).isEqualTo(inBeta);
    }

    @ParameterizedTest(name = "{0}: external {1}")
    @CsvSource({
            "8a6fbd4c-3f2e-4b8a-9c1d-2e5f6a7b8c9d, true",
            "8A6FBD4C-3F2E-4B8A-9C1D-2E5F6A7B8C9D, true",
            "8a6fbd4c-3f2e-4b8a-9c1d-2e5f6a7b8c9,  false",
            "8a6fbd4c3f2e4b8a9c1d2e5f6a7b8c9d,     false",
            "B2X_1_8a6fbd4c-3f2e-4b8a-9c1d-2e5f6a7b8c9d, false"})
    void anExternalTenantsFlowIdIsAGuid(String flowId, boolean external) {
        assertThat(UserFlowKind.of(flowId).filter(k -> k == UserFlowKind.EXTERNAL).isPresent()).isEqualTo(external);
        assertThat(UserFlowKind.isFlowId(flowId)).isEqualTo(external || UserFlowKind.ID.matcher(flowId).matches());
    }

    @Test
    void eachFamilyHasItsOwnSteps() {
        assertThat(UserFlowKind.B2X.steps()).containsExactly(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION);
        assertThat(UserFlowKind.B2C.steps()).contains(Step.PRE_TOKEN_ISSUANCE).noneMatch(Step::isEvent);
        assertThat(UserFlowKind.EXTERNAL.steps()).allMatch(Step::isEvent).hasSize(2);
        assertThat(UserFlowKind.EXTERNAL.collectionPath()).isEqualTo("beta/identity/authenticationEventsFlows");
        assertThat(UserFlowKind.EXTERNAL.callsExtensions()).isTrue();
        assertThat(UserFlowKind.B2X.callsExtensions()).isFalse();
    }

    @Test
    void anUnknownCollectionOrIdIsNoKind() {
        assertThat(UserFlowKind.ofCollection("userFlows")).isEmpty();
        assertThatThrownBy(() -> UserFlowKind.require("partner")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partner");
    }
}
