package io.userflowsync.cli;

import io.userflowsync.graph.TokenClaims;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor warns when the token names another tenant or client than the settings: an authority or setting mix-up. */
class DoctorTokenMismatchTest {
    private static final String TENANT = "10000000-0000-0000-0000-000000000001";
    private static final String CLIENT = "20000000-0000-0000-0000-000000000002";

    @ParameterizedTest(name = "settings {0}/{1}, token {2}/{3} → {4}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            TENANT + "                    | " + CLIENT + " | " + TENANT + " | " + CLIENT + " | none",
            "10000000-0000-0000-0000-00000000000A | " + CLIENT + " | 10000000-0000-0000-0000-00000000000a | " + CLIENT + " | none",
            TENANT + "                    | " + CLIENT + " | 90000000-0000-0000-0000-000000000009 | " + CLIENT + " | the token is for tenant 90000000-0000-0000-0000-000000000009, not " + TENANT,
            TENANT + "                    | " + CLIENT + " | " + TENANT + " | 90000000-0000-0000-0000-000000000009 | the token is for client 90000000-0000-0000-0000-000000000009, not " + CLIENT,
            "contoso.onmicrosoft.com      | " + CLIENT + " | " + TENANT + " | " + CLIENT + " | none",
            TENANT + "                    | " + CLIENT + " | none | none | none",
    })
    void aTokenForAnotherTenantOrClientIsWarnedAbout(String tenant, String client, String tokenTenant,
                                                      String tokenClient, String warning) {
        List<String> warnings = Doctor.tokenMismatch(new Doctor.Identity(tenant, client, "client secret"),
                new TokenClaims(Optional.ofNullable(tokenTenant), Optional.ofNullable(tokenClient), List.of(),
                        Optional.empty()));

        assertThat(warnings).isEqualTo(warning == null ? List.of() : List.of(warning));
    }
}
