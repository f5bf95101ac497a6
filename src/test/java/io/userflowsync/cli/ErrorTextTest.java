package io.userflowsync.cli;

import io.userflowsync.config.SettingsException;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTextTest {
    @Test
    void eachFailureReadsAsItsReasonWithoutJavaClassNames() {
        record Case(Throwable failure, String text) {
        }
        String hint = ErrorText.VERBOSE_HINT;
        var cases = java.util.List.of(
                new Case(new SettingsException("setting x is required"), "setting x is required"),
                new Case(new RuntimeCamelException(new SettingsException("setting x is required")), "setting x is required"),
                new Case(new NoSuchFileException("/srv/seed.json"), "/srv/seed.json: no such file or folder"),
                new Case(new AccessDeniedException("/srv/seed.json"), "/srv/seed.json: permission denied"),
                new Case(new IllegalStateException("the tenant seed is not valid JSON"), "the tenant seed is not valid JSON" + hint),
                new Case(new RuntimeCamelException(new IllegalArgumentException("unknown policy 'x'")), "unknown policy 'x'" + hint),
                new Case(new RuntimeException("Failed: java.lang.IllegalStateException: broken\n\tmore"), "Failed: broken" + hint),
                new Case(new NullPointerException(), "an unexpected error" + hint),
                new Case(new RuntimeCamelException(new PropertyBindingException(new Object(), "shutdownTimeout", "hunter2",
                        "camel.main.", "shutdownTimeout", new NumberFormatException("For input string: \"hunter2\""))),
                        "Camel refused its setting camel.main.shutdownTimeout: the value is not one it takes"));

        for (Case c : cases) {
            assertThat(ErrorText.of(c.failure(), false)).as(c.failure().toString()).isEqualTo(c.text());
        }
        assertThat(ErrorText.of(new IllegalStateException("broken"), true)).as("--verbose logs the trace").isEqualTo("broken");
    }
}
