package io.userflowsync.text;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case conversion and format in src/main names its locale, so plans and metric labels read the same on every
 * machine (issue 6, item 14: under a Turkish locale "BIND".toLowerCase() is "bınd").
 */
class CaseConversionsNameTheirLocaleTest {
    private static final Path MAIN = Path.of("src/main/java");

    /** Calls that use the default locale when given no Locale argument. */
    private static final List<Pattern> DEFAULT_LOCALE_CALLS = List.of(
            Pattern.compile("\\.to(?:Lower|Upper)Case\\(\\s*\\)"),
            Pattern.compile("String\\.format\\(\\s*(?!Locale\\.)"),
            Pattern.compile("\\.formatted\\("),
            Pattern.compile("\\.printf\\(\\s*(?!Locale\\.)"));

    static List<String> offences(String source, String file) {
        List<String> found = new ArrayList<>();
        for (Pattern pattern : DEFAULT_LOCALE_CALLS) {
            Matcher m = pattern.matcher(source);
            while (m.find()) {
                int line = (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                found.add(file + ":" + line + ": " + m.group().strip());
            }
        }
        return found;
    }

    @Test
    void theScannerFindsEachKindOfDefaultLocaleCall() {
        // The enforcement below is only as good as its patterns: each must catch what it is meant to.
        assertThat(offences("""
                a.toLowerCase();
                b.toUpperCase( );
                String.format("%d", 1);
                "x %s".formatted(y);
                out.printf("%s", z);
                a.toLowerCase(Locale.ROOT); String.format(Locale.ROOT, "%d", 1); out.printf(Locale.ROOT, "%s", z);
                """, "X.java")).containsExactlyInAnyOrder(
                "X.java:1: .toLowerCase()", "X.java:2: .toUpperCase( )", "X.java:3: String.format(",
                "X.java:4: .formatted(", "X.java:5: .printf(");
    }

    @Test
    void noCaseConversionOrFormatInSrcMainUsesTheDefaultLocale() throws IOException {
        assertThat(MAIN).isDirectory();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                found.addAll(offences(Files.readString(file), MAIN.relativize(file).toString()));
            }
        }
        assertThat(found).as("name the locale (Locale.ROOT)").isEmpty();
    }
}
