package io.userflowsync.config;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SecretScrubberTest {
    /** Every character class an encoder treats differently: unreserved, reserved, space, quote, backslash, non-ASCII. */
    static final String SECRET = "Zq8~Sec ret+/\"\\ü😀_x";

    static Stream<Arguments> encodings() throws Exception {
        String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        String json = new ObjectMapper().writeValueAsString(SECRET);
        String jsonAscii = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build()
                .writeValueAsString(SECRET);
        return Stream.of(
                Arguments.of("raw", SECRET),
                Arguments.of("form-encoded, upper-case hex", form),
                Arguments.of("form-encoded, lower-case hex", lowerHex(form)),
                Arguments.of("percent-encoded with %20 for the space", form.replace("+", "%20")),
                Arguments.of("JSON string", json.substring(1, json.length() - 1)),
                Arguments.of("JSON string, non-ASCII escaped", jsonAscii.substring(1, jsonAscii.length() - 1)),
                Arguments.of("JSON string, non-ASCII escaped in lower-case hex",
                        lowerHex(jsonAscii.substring(1, jsonAscii.length() - 1))),
                Arguments.of("JSON string with the slash escaped", json.substring(1, json.length() - 1).replace("/", "\\/")),
                Arguments.of("half raw, half form-encoded",
                        SECRET.substring(0, 8) + URLEncoder.encode(SECRET.substring(8), StandardCharsets.UTF_8)),
                Arguments.of("every character percent-encoded", allPercent(SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void aSecretIsMaskedHoweverItIsEncoded(String encoding, String encoded) {
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.remember(SECRET);

        String text = "AADSTS90014: bad request. Request body: grant_type=client_credentials&client_secret="
                + encoded + "&scope=x. Trace ID: 1";

        assertThat(scrubber.scrub(text))
                .isEqualTo("AADSTS90014: bad request. Request body: grant_type=client_credentials&client_secret="
                        + SecretScrubber.MASK + "&scope=x. Trace ID: 1");
    }

    @Test
    void everySecretSettingThatIsSetIsKnown() {
        Settings settings = Settings.resolve(Map.of("azure.client.secret", "client-secret-1",
                "sync.webhook.secret", "webhook-secret-2", "azure.client.id", "client-id-3"), Map.of(), new Properties());

        String scrubbed = SecretScrubber.of(settings).scrub("client-secret-1 webhook-secret-2 client-id-3");

        assertThat(scrubbed).isEqualTo("*** *** client-id-3");
    }

    @Test
    void aSecretThatContainsAnotherIsMaskedWhole() {
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.remember("abcd");
        scrubber.remember("abcdef");

        assertThat(scrubber.scrub("x abcdef y abcd z")).isEqualTo("x *** y *** z");
    }

    @Test
    void veryShortValuesAndNullAreIgnoredAndOrdinaryTextIsUntouched() {
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.remember("abc");
        scrubber.remember((String) null);

        assertThat(scrubber.scrub("abc def 100% + a+b %7E")).isEqualTo("abc def 100% + a+b %7E");
        assertThat(scrubber.scrub(null)).isEmpty();
    }

    @Test
    void aSlotMasksOnlyItsCurrentValue() {
        SecretScrubber scrubber = new SecretScrubber();
        SecretScrubber.Slot token = scrubber.slot();
        token.set("token-one");
        assertThat(scrubber.scrub("Bearer token-one")).isEqualTo("Bearer ***");

        token.set("token-two");

        assertThat(scrubber.scrub("Bearer token-two")).isEqualTo("Bearer ***");
        assertThat(scrubber.scrub("Bearer token-one")).as("a replaced token is forgotten").isEqualTo("Bearer token-one");
    }

    @Test
    void aLongSecretInALongTextIsScrubbedQuickly() {
        String jwtLike = "eyJ" + "a1B2c3D4e5F6-_".repeat(110);
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.slot().set(jwtLike);
        String text = ("%25%25 \\u0041 noise " + "eyJ".repeat(20)).repeat(40) + "Authorization: Bearer " + jwtLike;

        long start = System.nanoTime();
        String scrubbed = scrubber.scrub(text);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(scrubbed).endsWith("Bearer ***");
        assertThat(millis).as("milliseconds").isLessThan(2_000);
    }

    private static String lowerHex(String encoded) {
        return Pattern.compile("(%|\\\\u)([0-9A-F]+)").matcher(encoded)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + m.group(2).toLowerCase(Locale.ROOT)));
    }

    private static String allPercent(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format(Locale.ROOT, "%%%02X", b & 0xff));
        }
        return out.toString();
    }
}
