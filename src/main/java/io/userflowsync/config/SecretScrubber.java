package io.userflowsync.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes known secret values from text the agent did not write itself: error messages and OAuth
 * {@code error_description}s from Graph, the token endpoint or a proxy in between, and exception messages of the HTTP
 * and Git clients. A second line of defence: secrets are only ever put where they are sent, but an answer may echo
 * the request back (issue 6 item 4: a token endpoint echoed the form body, so {@code client_secret=Zq8%7E...} reached
 * stderr and the log).
 *
 * <p>A secret is found however it was encoded, character by character: as itself, percent-encoded (either hex case,
 * {@code +} for a space, as an {@code application/x-www-form-urlencoded} body or a query string has it) and
 * JSON-escaped ({@code \"}, {@code \\}, {@code \/}, {@code \n}, {@code \u00fc}, either hex case), also mixed. Each
 * occurrence becomes {@link #MASK}.
 *
 * <p>One instance is shared by everything that handles secrets: {@link #of(Settings)} knows every setting marked
 * {@link Setting#secret()}; a component that reads more secrets later (a Git token from a file) {@link #remember}s
 * them; a secret that is replaced over time (an access token) lives in a {@link Slot}, so only its current value is
 * kept.
 */
public final class SecretScrubber {
    public static final String MASK = "***";
    /** Shorter values would mangle ordinary words and hide nothing worth hiding. */
    static final int MIN_LENGTH = 4;

    private final ConcurrentHashMap<String, Pattern> remembered = new ConcurrentHashMap<>();
    private final List<Slot> slots = new CopyOnWriteArrayList<>();

    /** A scrubber that knows no secret yet. */
    public SecretScrubber() {
    }

    /** A scrubber that knows the value of every secret setting that is set. */
    public static SecretScrubber of(Settings settings) {
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.rememberSecretsOf(settings);
        return scrubber;
    }

    /** From now on, also scrub every secret setting of {@code settings} (a tenant's view: issue 9 item 3). */
    public void rememberSecretsOf(Settings settings) {
        SecretScrubber scrubber = this;
        for (Setting s : Setting.values()) {
            if (s.secret()) {
                try {
                    settings.secret(s).ifPresent(scrubber::remember);
                } catch (SettingsException unreadable) {
                    // A tenant's secret reference (env:/file:) that cannot be read holds no value to hide; the code
                    // that needs the secret reports it by name (issue 9, item 3).
                }
            }
        }
    }

    /** From now on, scrub {@code secret} (null and values shorter than 4 characters are ignored); gives it back. */
    public String remember(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            remembered.computeIfAbsent(secret, SecretScrubber::anyEncodingOf);
        }
        return secret;
    }

    public Secret remember(Secret secret) {
        remember(secret.reveal());
        return secret;
    }

    /** A place for one secret that changes, such as the current access token: only its latest value is scrubbed. */
    public Slot slot() {
        Slot slot = new Slot();
        slots.add(slot);
        return slot;
    }

    /** {@code text} with every known secret, in any of its encodings, replaced by {@link #MASK}; "" for null. */
    public String scrub(String text) {
        if (text == null) {
            return "";
        }
        List<Map.Entry<String, Pattern>> secrets = new ArrayList<>(remembered.entrySet());
        for (Slot slot : slots) {
            Optional.ofNullable(slot.current.get()).ifPresent(secrets::add);
        }
        // Longest first: a secret that contains another must not be left half masked ("***ef").
        secrets.sort(Comparator.comparingInt((Map.Entry<String, Pattern> e) -> e.getKey().length()).reversed());
        String result = text;
        for (Map.Entry<String, Pattern> secret : secrets) {
            result = secret.getValue().matcher(result).replaceAll(Matcher.quoteReplacement(MASK));
        }
        return result;
    }

    /** One secret that is replaced from time to time. */
    public static final class Slot {
        private final AtomicReference<Map.Entry<String, Pattern>> current = new AtomicReference<>();

        private Slot() {
        }

        /** Scrub {@code secret} from now on instead of the slot's previous value. */
        public void set(String secret) {
            current.set(secret == null || secret.length() < MIN_LENGTH ? null
                    : Map.entry(secret, anyEncodingOf(secret)));
        }
    }

    /** A pattern that matches {@code secret} with each character raw, percent-encoded or JSON-escaped. */
    static Pattern anyEncodingOf(String secret) {
        Objects.requireNonNull(secret, "secret");
        StringBuilder regex = new StringBuilder();
        secret.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            regex.append("(?:").append(Pattern.quote(ch));
            StringBuilder percent = new StringBuilder();
            for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
                percent.append('%').append(anyCaseHex(b & 0xff, 2));
            }
            regex.append('|').append(percent);
            if (cp == ' ') {
                regex.append("|\\+");
            }
            StringBuilder json = new StringBuilder();
            for (char unit : ch.toCharArray()) {
                json.append("\\\\u").append(anyCaseHex(unit, 4));
            }
            regex.append('|').append(json);
            jsonShortEscape(cp).ifPresent(e -> regex.append('|').append(Pattern.quote(e)));
            regex.append(')');
        });
        return Pattern.compile(regex.toString());
    }

    private static Optional<String> jsonShortEscape(int cp) {
        return Optional.ofNullable(switch (cp) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '/' -> "\\/";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> null;
        });
    }

    /** e.g. 0x7e, 2 → {@code 7[eE]}: hex digits as a regex that accepts either case. */
    private static String anyCaseHex(int value, int digits) {
        String hex = String.format(Locale.ROOT, "%0" + digits + "x", value);
        StringBuilder out = new StringBuilder();
        for (char c : hex.toCharArray()) {
            if (Character.isLetter(c)) {
                out.append('[').append(c).append(Character.toUpperCase(c)).append(']');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
