package io.userflowsync.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The output of several tenants (issue 9, item 3): one exit code for all, every line naming its tenant. */
class TenantSectionsTest {
    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource({"0, 0, 0", "0, 2, 2", "2, 0, 2", "2, 2, 2", "1, 2, 1", "2, 1, 1", "0, 1, 1", "1, 0, 1"})
    void theExitCodeOfSeveralTenantsIsTheWorstOfThemAnErrorOverDriftOverInSync(int first, int second, int worst) {
        assertThat(Commands.worst(first, second)).isEqualTo(worst);
    }

    @Test
    void everyLineIsPrefixedWithTheTenantIncludingAnUnterminatedLastOne() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream target = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream dev = TenantLines.prefixed(target, "dev");

        dev.print("Plan: 1 change\n  ~ B2X_1_a postFederationSignup: \"A\" → \"B\"\n\nlast");
        dev.flush();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "[dev] Plan: 1 change\n[dev]   ~ B2X_1_a postFederationSignup: \"A\" → \"B\"\n[dev] \n[dev] last\n");
    }
}
