package io.userflowsync.notify;

import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** sync.notify.url and sync.notify.format: receivers with their formats; a problem named without the secret URL. */
class NotifyTargetsTest {
    private static final String SLACK = "https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx";

    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("one URL takes sync.notify.format", "https://ops.example/hooks/ucs", "slack",
                        List.of("slack receiver 1 at ops.example")),
                arguments("each URL may name its own format", "slack:" + SLACK + ", json:https://ops.example:8443/h",
                        "json", List.of("slack receiver 1 at hooks.slack.com", "json receiver 2 at ops.example:8443")),
                arguments("a URL without a format takes the setting's", "teams:https://prod-1.westus.logic.azure.com/"
                        + "workflows/x/triggers/manual/paths/invoke?sig=k, https://ops.example/h", "json",
                        List.of("teams receiver 1 at prod-1.westus.logic.azure.com", "json receiver 2 at ops.example")),
                arguments("the format prefix is read in any case", "SLACK:" + SLACK, "json",
                        List.of("slack receiver 1 at hooks.slack.com")),
                arguments("blank entries and a trailing comma are no receivers", "https://a.example/x, ,https://b.example/y,",
                        "json", List.of("json receiver 1 at a.example", "json receiver 2 at b.example")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void receiversAreReadWithTheirFormats(String name, String urls, String format, List<String> expected) {
        assertThat(NotifyTargets.from(settings(urls, format)).stream().map(NotifyTarget::describe)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("a scheme other than http(s)", "ftp://files.example/secret-path",
                        "entry 1 must be an https:// (or http://) URL", "files.example"),
                arguments("a mistyped format", "slak:" + SLACK, "entry 1 must be an https:// (or http://) URL"
                        + ", optionally prefixed with a format (json, slack or teams:), not 'slak:'", "hooks.slack.com"),
                arguments("not a URL at all, second entry", SLACK + ",https://ops example/a b",
                        "entry 2 is not a valid URL", "ops example"),
                arguments("no host", "https:///path-only-abcdefghijklmnop", "entry 1 has no host", "path-only"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void aBadEntryIsNamedByItsPositionAndNeverQuoted(String name, String urls, String message, String secretPart) {
        assertThatThrownBy(() -> NotifyTargets.from(settings(urls, "json")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("setting sync.notify.url: " + message)
                .hasMessageContaining("the value is a secret and is not shown")
                .message().doesNotContain(secretPart).doesNotContain("abcdefghijklmnopqrstuvwx");
    }

    @Test
    void anUnknownFormatIsRefusedByName() {
        assertThatThrownBy(() -> NotifyTargets.from(settings("https://ops.example/h", "xml")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("setting sync.notify.format must be json, slack or teams, got 'xml'");
    }

    @Test
    void noUrlIsNoReceiver() {
        assertThat(NotifyTargets.from(Settings.resolve(Map.of(), Map.of(), new Properties()))).isEmpty();
    }

    @Test
    void aReceiverDescribesItselfWithoutItsUrl() {
        NotifyTarget target = NotifyTargets.from(settings(SLACK, "slack")).get(0);

        assertThat(target.toString()).isEqualTo("slack receiver 1 at hooks.slack.com").doesNotContain("services");
    }

    private static Settings settings(String urls, String format) {
        return Settings.resolve(Map.of("sync.notify.url", urls, "sync.notify.format", format), Map.of(), new Properties());
    }
}
