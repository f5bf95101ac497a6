package io.userflowsync.desired;

import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SecretRef;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The optional {@code connectors:} section (issue 9, item 1): connectors as code, with secrets only as references,
 * as strict as the rest of format v1 (file:line for every problem).
 */
class ConnectorsSectionTest {
    private static final SourceRevision REVISION = SourceRevision.folder("test");
    private static final String FLOWS = "userFlows:\n  B2X_1_a:\n    postFederationSignup: null\n";
    private static final String CONNECTORS = """
            connectors:
              partner-check:
                displayName: Check partner domain
                targetUrl: https://partners.example/check
                authentication:
                  type: basic
                  username: agent
                  password: env:PARTNER_CHECK_PASSWORD
              fraud:
                displayName: Fraud screen
                targetUrl: https://fraud.example/screen
                authentication: {type: certificate, pkcs12: file:certs/fraud.pfx, password: file:certs/fraud.pass}
            """;

    @TempDir
    Path dir;

    private final DesiredStateLoader loader = new DesiredStateLoader(false);

    @Test
    void aFileWithoutTheSectionManagesNoConnector() throws Exception {
        assertThat(load(FLOWS).connectors()).isEmpty();
    }

    @Test
    void theSectionReadsIntoManagedConnectorsSortedByKeyWithSecretsAsReferences() throws Exception {
        DesiredState state = load(FLOWS + CONNECTORS);

        assertThat(state.connectors()).containsExactly(
                new ManagedConnector("fraud", "Fraud screen", "https://fraud.example/screen",
                        new ConnectorAuthentication.Certificate(new SecretRef.File("certs/fraud.pfx"),
                                new SecretRef.File("certs/fraud.pass")),
                        new SourceLocation("desired.yaml", 12, 3)),
                new ManagedConnector("partner-check", "Check partner domain", "https://partners.example/check",
                        new ConnectorAuthentication.Basic("agent", new SecretRef.Env("PARTNER_CHECK_PASSWORD")),
                        new SourceLocation("desired.yaml", 5, 3)));
    }

    @Test
    void aBindingNamesAManagedConnectorByKeyAndAPlainStringIsStillADisplayName() throws Exception {
        DesiredState state = load(CONNECTORS + """
                userFlows:
                  B2X_1_a:
                    postFederationSignup: {connector: partner-check}
                    postAttributeCollection: partner-check
                """);

        assertThat(state.flows().get(0).steps()).extracting(s -> s.connector().orElseThrow()).containsExactly(
                new ConnectorRef.ByKey("partner-check"), new ConnectorRef.ByDisplayName("partner-check"));
    }

    /** Each row changes one line of {@link #CONNECTORS} (its line number there; the file starts with 3 lines of flows). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a literal password|password: env:PARTNER_CHECK_PASSWORD|password: hunter2-Secret|8|the password must be a reference, env:NAME or file:PATH",
            "a password in another scheme|password: env:PARTNER_CHECK_PASSWORD|password: vault:kv/x|8|the password must be a reference, env:NAME or file:PATH",
            "an env name that is no name|password: env:PARTNER_CHECK_PASSWORD|password: env:9-lives|8|the password: 'env:' must be followed by an environment variable name",
            "an empty file reference|password: env:PARTNER_CHECK_PASSWORD|password: 'file: '|8|the password: 'file:' must be followed by a path",
            "a password that is a number|password: env:PARTNER_CHECK_PASSWORD|password: 1234|8|the password must be a reference, env:NAME or file:PATH, not a number (1234)",
            "a username that is a number|username: agent|username: 42|7|the username must be a string, not a number (42) (quote it)",
            "an unknown key in basic authentication|password: env:PARTNER_CHECK_PASSWORD|passwort: env:X|8|unknown key 'passwort' in basic authentication. Did you mean 'password'?",
            "an unknown authentication type|type: basic|type: oauth|6|unknown authentication type 'oauth': the types are basic and certificate",
            "a target URL over http|targetUrl: https://partners.example/check|targetUrl: http://partners.example/check|4|the connector's targetUrl must be an absolute https:// URL",
            "a target URL that is no URL|targetUrl: https://partners.example/check|targetUrl: partners|4|the connector's targetUrl must be an absolute https:// URL",
            "a blank displayName|displayName: Check partner domain|displayName: ' '|3|the connector's displayName must not be blank",
            "an unknown key in a connector|displayName: Check partner domain|displayname: Check partner domain|3|unknown key 'displayname' in a connector. Did you mean 'displayName'?",
    })
    void aBrokenConnectorIsRefusedWithFileAndLine(String what, String original, String replacement, int line,
                                                  String reason) throws Exception {
        assertThat(CONNECTORS.lines().toList().get(line - 1)).as("the row names its line").contains(original);
        List<ValidationProblem> problems = problems(FLOWS + CONNECTORS.replaceFirst(original, replacement));

        assertThat(problems).as(what).anySatisfy(p -> {
            assertThat(p.location().file()).isEqualTo("desired.yaml");
            assertThat(p.location().line()).isEqualTo(line + 3);
            assertThat(p.reason()).startsWith(reason);
        });
    }

    @Test
    void aLiteralSecretIsNeverQuotedInTheProblem() throws Exception {
        List<ValidationProblem> problems = problems(FLOWS + CONNECTORS.replace("env:PARTNER_CHECK_PASSWORD",
                "correct-horse-battery"));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason())
                .doesNotContain("correct-horse-battery").contains("the value is not shown"));
    }

    @Test
    void aCertificateIsAFileNeverAnEnvironmentVariable() throws Exception {
        List<ValidationProblem> problems = problems(FLOWS + CONNECTORS.replace("pkcs12: file:certs/fraud.pfx",
                "pkcs12: env:FRAUD_PFX"));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason())
                .isEqualTo("the pkcs12 file must be a file:PATH reference (a .pfx/.p12 file), not env:FRAUD_PFX"));
    }

    @Test
    void eachMissingFieldIsNamed() throws Exception {
        List<ValidationProblem> problems = problems(FLOWS + "connectors:\n  x:\n    displayName: X\n"
                + "  y:\n    displayName: Y\n    targetUrl: https://y.example\n    authentication: {username: u}\n");

        assertThat(problems).extracting(ValidationProblem::reason).containsExactly(
                "the connector's targetUrl is missing ('targetUrl:')",
                "the connector's authentication is missing ('authentication:')",
                "authentication needs a type: basic (username and password) or certificate (pkcs12 and password)");
    }

    @Test
    void aConnectorKeyMustBeAPlainName() throws Exception {
        List<ValidationProblem> problems = problems(FLOWS + CONNECTORS.replace("  fraud:", "  'fraud check':"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(new SourceLocation("desired.yaml", 12, 3));
            assertThat(p.reason()).startsWith("'fraud check' is not a connector key");
        });
    }

    @Test
    void aKeyThatNamesNoConnectorIsRefusedWithASuggestion() throws Exception {
        List<ValidationProblem> problems = problems(CONNECTORS
                + "userFlows:\n  B2X_1_a:\n    postFederationSignup: {connector: partner-chek}\n");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(new SourceLocation("desired.yaml", 15, 5));
            assertThat(p.reason()).contains("{connector: partner-chek} names no connector")
                    .contains("Did you mean 'partner-check'?");
        });
    }

    @Test
    void aKeyIsNotAlsoAnIdOrADisplayName() throws Exception {
        List<ValidationProblem> problems = problems(CONNECTORS
                + "userFlows:\n  B2X_1_a:\n    postFederationSignup: {connector: fraud, id: abc}\n");

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason()).contains("not both"));
    }

    @Test
    void inAFolderAKeyIsDeclaredOnceAndADisplayNameBelongsToOneConnector() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("tenant"));
        Files.writeString(folder.resolve("a.yaml"), FLOWS + CONNECTORS);
        Files.writeString(folder.resolve("b.yaml"), "userFlows:\n  B2X_1_b:\n    postFederationSignup: "
                + "{connector: fraud}\n" + CONNECTORS.replace("Check partner domain", "Fraud screen")
                .replace("  fraud:", "  fraud-2:"));

        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> loader.load(folder, "tenant", REVISION));

        assertThat(e.problems()).extracting(ValidationProblem::toString).containsExactly(
                "tenant/b.yaml:5:3: connector partner-check is already declared at tenant/a.yaml:5; declare each "
                        + "connector once",
                "tenant/b.yaml:12:3: connector fraud-2 has the displayName \"Fraud screen\" of connector fraud "
                        + "(tenant/a.yaml:12); give each managed connector its own displayName");
    }

    private DesiredState load(String yaml) throws Exception {
        return loader.load(Files.writeString(dir.resolve("desired.yaml"), yaml), "desired.yaml", REVISION);
    }

    private List<ValidationProblem> problems(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("desired.yaml"), yaml);
        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> loader.load(file, "desired.yaml", REVISION));
        assertThat(e).as("the loader refuses it").isNotNull();
        return e.problems();
    }
}
