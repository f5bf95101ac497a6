package io.userflowsync.review;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden HTML comment that opens every plan comment and finds it again on the next push, as tfcmt and Atlantis
 * do: {@code <!-- userflow-connector-sync:plan path=config/prod tenant=prod revision=3f2a9c1 -->}. Path, tenant and
 * revision are percent-encoded, so a space or a {@code -->} in a folder name can neither end the HTML comment nor
 * make two markers alike. A comment is ours only when its body starts with the marker of the same path and tenant:
 * someone quoting it ({@code > <!-- ...}) or mentioning it mid-text is never taken for it.
 */
public record CommentMarker(String path, String tenant) {
    static final String PREFIX = "<!-- userflow-connector-sync:plan ";
    private static final Pattern REVISION = Pattern.compile("^<!-- userflow-connector-sync:plan [^\\n]*?"
            + " revision=([^ \\n]+) -->");

    /** The first line of the comment: the marker with the revision it was planned at. */
    public String line(String revision) {
        return head() + " revision=" + encode(revision) + " -->";
    }

    /** Whether {@code body} is this path and tenant's plan comment. */
    public boolean marks(String body) {
        return body != null && body.startsWith(head() + " ");
    }

    /** The revision a comment of ours was planned at, as its marker says. */
    public static Optional<String> revisionOf(String body) {
        Matcher m = REVISION.matcher(body == null ? "" : body);
        return m.find() ? Optional.of(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)) : Optional.empty();
    }

    private String head() {
        return PREFIX + "path=" + encode(path) + " tenant=" + encode(tenant);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
