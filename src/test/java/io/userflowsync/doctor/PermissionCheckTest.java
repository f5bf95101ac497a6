package io.userflowsync.doctor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which roles let apply work, and what it misses: the pure half of doctor (issue 9 item 6). */
class PermissionCheckTest {

    @ParameterizedTest(name = "{0} → apply ready {1}, missing [{2}]")
    @CsvSource(delimiter = '|', value = {
            "IdentityUserFlow.ReadWrite.All APIConnectors.ReadWrite.All AuditLog.Read.All | true  | ",
            "IdentityUserFlow.ReadWrite.All APIConnectors.Read.All                        | true  | ",
            "IdentityUserFlow.ReadWrite.All                                               | false | APIConnectors.Read.All",
            "IdentityUserFlow.Read.All APIConnectors.ReadWrite.All                        | false | IdentityUserFlow.ReadWrite.All",
            "AuditLog.Read.All                                                            | false | IdentityUserFlow.ReadWrite.All APIConnectors.Read.All",
            "Directory.ReadWrite.All                                                      | false | IdentityUserFlow.ReadWrite.All APIConnectors.Read.All",
    })
    void applyNeedsTheFlowWritePermissionAndAConnectorReadPermission(String roles, boolean ready, String missing) {
        PermissionCheck.Result result = PermissionCheck.of(Arrays.asList(roles.split(" +")));

        assertThat(result.applyReady()).isEqualTo(ready);
        assertThat(result.missingForApply()).isEqualTo(missing == null ? List.of() : Arrays.asList(missing.split(" +")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "AuditLog.Read.All           | who caused the drift (forensics) | true",
            "APIConnectors.Read.All      | connectors as code               | false",
            "APIConnectors.ReadWrite.All | connectors as code               | true",
            "APIConnectors.ReadWrite.All | read API connectors              | true",
    })
    void optionalFeaturesAreGrantedByTheirOwnPermission(String role, String feature, boolean granted) {
        PermissionCheck.Row row = PermissionCheck.of(List.of(role)).rows().stream()
                .filter(r -> r.need().feature().equals(feature)).findFirst().orElseThrow();

        assertThat(row.granted()).isEqualTo(granted);
    }

    @org.junit.jupiter.api.Test
    void roleNamesAreComparedExactlyAsEntraIssuesThem() {
        // Entra's roles claim carries the permission's value as published; a different case is another string.
        assertThat(PermissionCheck.of(List.of("identityuserflow.readwrite.all", "APIConnectors.Read.All"))
                .applyReady()).isFalse();
    }
}
