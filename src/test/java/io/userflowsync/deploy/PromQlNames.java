package io.userflowsync.deploy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric and label names a PromQL expression uses, read as far as the dashboard and the alert rules need (not a
 * full parser): a selector's metric name and its label matchers, the labels of {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}, and every other bare identifier that is
 * neither a function or aggregation (followed by an opening parenthesis) nor a keyword. Strings, range and subquery
 * brackets ({@code [5m]}, {@code [$__rate_interval]}) and Grafana's {@code $variables} inside them are no names.
 * Grafana's {@code label_values(metric, label)} is read as the metric and the label.
 *
 * @param metrics   every metric name the expression reads
 * @param selectors the labels each metric's selector matches on, by metric
 * @param grouping  the labels of the grouping and vector-matching clauses
 */
public record PromQlNames(Set<String> metrics, Map<String, Set<String>> selectors, Set<String> grouping) {
    private static final Pattern LABEL_VALUES = Pattern.compile(
            "^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{([^}]*)})?\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
    private static final Pattern CLAUSE = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^()]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{((?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|[^}\"'])*)}");
    private static final Pattern MATCHER = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')\\s*,?");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-zA-Z_$]+");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2");

    public static PromQlNames of(String expression) {
        Set<String> metrics = new LinkedHashSet<>();
        Map<String, Set<String>> selectors = new LinkedHashMap<>();
        Set<String> grouping = new LinkedHashSet<>();
        Matcher values = LABEL_VALUES.matcher(expression);
        if (values.matches()) {
            metrics.add(values.group(1));
            selectors.computeIfAbsent(values.group(1), m -> new LinkedHashSet<>())
                    .addAll(matchers(values.group(2) == null ? "" : values.group(2), expression));
            grouping.add(values.group(3));
            return new PromQlNames(metrics, selectors, grouping);
        }
        String rest = expression;
        Matcher clause = CLAUSE.matcher(rest);
        StringBuilder out = new StringBuilder();
        while (clause.find()) {
            Arrays.stream(clause.group(2).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(grouping::add);
            clause.appendReplacement(out, " ");
        }
        clause.appendTail(out);
        rest = out.toString();

        Matcher selector = SELECTOR.matcher(rest);
        out = new StringBuilder();
        while (selector.find()) {
            String metric = selector.group(1);
            if (metric == null || KEYWORDS.contains(metric)) {
                throw new IllegalArgumentException("a selector without a metric name in: " + expression);
            }
            selectors.computeIfAbsent(metric, m -> new LinkedHashSet<>()).addAll(matchers(selector.group(2), expression));
            selector.appendReplacement(out, Matcher.quoteReplacement(" " + metric + " "));
        }
        selector.appendTail(out);
        rest = OFFSET.matcher(RANGE.matcher(STRING.matcher(out.toString()).replaceAll(" ")).replaceAll(" "))
                .replaceAll(" ");

        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String name = identifier.group(1);
            String after = rest.substring(identifier.end()).stripLeading();
            if (KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT)) || after.startsWith("(")) {
                continue; // a keyword, or a function or aggregation
            }
            metrics.add(name);
            selectors.computeIfAbsent(name, m -> new LinkedHashSet<>());
        }
        return new PromQlNames(metrics, selectors, grouping);
    }

    private static Set<String> matchers(String body, String expression) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher m = MATCHER.matcher(body);
        int end = 0;
        while (m.lookingAt()) {
            labels.add(m.group(1));
            end = m.end();
            m.region(end, body.length());
        }
        if (!body.substring(end).isBlank()) {
            throw new IllegalArgumentException("cannot read the label matchers {" + body + "} in: " + expression);
        }
        return labels;
    }
}
