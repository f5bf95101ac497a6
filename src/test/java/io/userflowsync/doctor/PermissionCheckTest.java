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

    @ParameterizedTest(name = "external tenant's app {0} → apply ready {1}, missing [{2}]")
    @CsvSource(delimiter = '|', value = {
            "EventListener.ReadWrite.All CustomAuthenticationExtension.Read.All | true  | ",
            "EventListener.Read.All CustomAuthenticationExtension.Read.All      | false | EventListener.ReadWrite.All",
            "EventListener.ReadWrite.All                                        | false | CustomAuthenticationExtension.Read.All",
    })
    void anAppGrantedEventListenerAndNoUserFlowPermissionNeedsTheExternalOnes(String roles, boolean ready,
                                                                             String missing) {
        PermissionCheck.Result result = PermissionCheck.of(Arrays.asList(roles.split(" +")));

        assertThat(result.applyReady()).isEqualTo(ready);
        assertThat(result.missingForApply()).isEqualTo(missing == null ? List.of() : Arrays.asList(missing.split(" +")));
        assertThat(result.rows()).filteredOn(r -> r.need().feature().equals("read API connectors"))
                .singleElement().extracting(PermissionCheck.Row::required).isEqualTo(false);
    }

    @org.junit.jupiter.api.Test
    void aWorkforceAppDoesNotNeedTheExternalPermissions() {
        PermissionCheck.Result result = PermissionCheck.of(List.of("IdentityUserFlow.ReadWrite.All",
                "APIConnectors.Read.All", "EventListener.Read.All"));

        assertThat(result.applyReady()).isTrue();
        assertThat(result.rows()).filteredOn(r -> r.need().feature().equals("bind and unbind events"))
                .singleElement().extracting(PermissionCheck.Row::required).isEqualTo(false);
    }

    @org.junit.jupiter.api.Test
    void roleNamesAreComparedExactlyAsEntraIssuesThem() {
        // Entra's roles claim carries the permission's value as published; a different case is another string.
        assertThat(PermissionCheck.of(List.of("identityuserflow.readwrite.all", "APIConnectors.Read.All"))
                .applyReady()).isFalse();
    }
}
