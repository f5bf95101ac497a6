package io.userflowsync.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule set behind every "did you mean": keys and steps of the desired state, flows and connectors. */
class SuggestionsTest {
    private static final List<String> STEPS = List.of("postFederationSignup", "postAttributeCollection",
            "preTokenIssuance");
    private static final List<String> CONNECTORS = List.of("Check partner domain", "Enrich partner profile",
            "Legacy CRM hook");

    static Stream<Arguments> cases() {
        return Stream.of(
                // given, candidates, suggested
                Arguments.of("userflows", List.of("userFlows", "version"), List.of("userFlows")),
                Arguments.of("postFederationSignUp", STEPS, List.of("postFederationSignup")),
                Arguments.of(" Check partner domain ", CONNECTORS, List.of("Check partner domain")),
                Arguments.of("check partner domain", CONNECTORS, List.of("Check partner domain")),
                Arguments.of("postAtributeColection", STEPS, List.of("postAttributeCollection")),
                Arguments.of("Check partner domian", CONNECTORS, List.of("Check partner domain")),
                Arguments.of("Chek partner domin", CONNECTORS, List.of("Check partner domain")),
                Arguments.of("Chek partnr domin", CONNECTORS, List.of()),
                Arguments.of("Fraud screening", CONNECTORS, List.of()),
                Arguments.of("ix", List.of("id", "displayName"), List.of("id")),
                Arguments.of("nm", List.of("id", "displayName"), List.of()),
                Arguments.of("B2X_1_b", List.of("B2X_1_c", "B2X_1_a", "B2X_1_zzz"), List.of("B2X_1_a", "B2X_1_c")),
                Arguments.of("B2X_1_Customers", List.of("B2X_1_customers", "B2X_1_CUSTOMERS", "B2X_1_Customers"),
                        List.of("B2X_1_CUSTOMERS", "B2X_1_customers")),
                Arguments.of("Legacy CRM hook", CONNECTORS, List.of()),
                Arguments.of("x".repeat(100_000), CONNECTORS, List.of()));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("cases")
    void suggestsTheCandidatesEqualIgnoringCaseElseTheFewestEditsAwayWithinTheLimit(String given,
                                                                                    List<String> candidates,
                                                                                    List<String> suggested) {
        assertThat(Suggestions.closeTo(given, candidates)).containsExactlyElementsOf(suggested);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theOrderOfTheCandidatesDoesNotChangeTheSuggestion(String given, List<String> candidates,
                                                          List<String> suggested) {
        List<String> reversed = new ArrayList<>(candidates);
        Collections.reverse(reversed);

        assertThat(Suggestions.closeTo(given, reversed)).isEqualTo(Suggestions.closeTo(given, candidates));
    }

    @Test
    void didYouMeanNamesOneOrSeveralCandidatesOrNothing() {
        assertThat(Suggestions.didYouMean("userflows", List.of("userFlows", "version")))
                .isEqualTo(" Did you mean 'userFlows'?");
        assertThat(Suggestions.didYouMean("B2X_1_b", List.of("B2X_1_c", "B2X_1_a")))
                .isEqualTo(" Did you mean 'B2X_1_a' or 'B2X_1_c'?");
        assertThat(Suggestions.didYouMean("zzz", List.of("userFlows", "version"))).isEmpty();
    }
}
