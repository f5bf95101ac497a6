package io.userflowsync.source;

import io.userflowsync.config.SecretScrubber;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** How fetch failures are classified and explained, without a remote: JGit's messages in, our errors out. */
class GitFailuresTest {
    private static final String URL = "https://git.example/org/identity-config.git";
    private static final String TOKEN = "ghp_s3cretTokenValue-42";

    private final SecretScrubber scrubber = new SecretScrubber();
    private final GitFailures failures = new GitFailures(GitSettings.of(URL, Path.of("work"))
            .withAuth(GitAuth.httpsToken(SecretRef.env("GIT_TOKEN"))), scrubber);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Remote does not have HEAD                                              | REF_NOT_FOUND | has no default branch",
            "Remote does not have refs/heads/nope available for fetch.              | REF_NOT_FOUND | Remote does not have refs/heads/nope",
            "" + URL + ": not authorized                                            | UNREACHABLE   | check the configured credentials: HttpsToken",
            "" + URL + ": 403 Forbidden                                             | UNREACHABLE   | check the configured credentials",
            "Server key did not validate                                            | UNREACHABLE   | host key is not in the configured known_hosts file",
            "" + URL + ": connection refused                                        | UNREACHABLE   | cannot fetch " + URL + ": connection refused",
    })
    void aTransportFailureIsClassifiedAndExplained(String jgitMessage, GitSourceException.Kind kind, String expected) {
        GitSourceException e = failures.fetchFailed(new RuntimeException(jgitMessage.strip()));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).contains(expected.strip());
        assertThat(e.revision()).isEmpty();
    }

    @Test
    void theUrlIsNamedOnceAndEveryRememberedSecretIsScrubbedFromTheCauses() {
        scrubber.remember(TOKEN);
        Exception cause = new RuntimeException(URL + ": cannot open", new IllegalStateException("sent " + TOKEN));

        GitSourceException e = failures.unreachable("cannot fetch " + URL, cause);

        assertThat(e.getMessage()).isEqualTo("cannot fetch " + URL + ": cannot open: sent ***");
    }
}
