package io.userflowsync.source;

import io.userflowsync.config.SecretScrubber;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what JGit and the file system throw into {@link GitSourceException}s a person can act on: which kind of
 * failure it is (so the resolver can tell "source broken" from "this revision is broken"), the redacted remote, a
 * hint where one helps (host key, credentials), and the causes cleaned of every secret handed to JGit.
 */
final class GitFailures {
    private final GitSettings settings;
    private final SecretScrubber scrubber;

    GitFailures(GitSettings settings, SecretScrubber scrubber) {
        this.settings = settings;
        this.scrubber = scrubber;
    }

    /** A transport failure of a fetch: a ref the remote lacks, or an unreachable remote with a hint. */
    GitSourceException fetchFailed(Throwable e) {
        String message = chain(e);
        if (message.contains("Remote does not have HEAD")) {
            return noDefaultBranch();
        }
        if (message.contains("Remote does not have") || message.contains("not found in upstream")) {
            return new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND,
                    "cannot fetch " + settings.redactedUrl() + ": " + message, Optional.empty());
        }
        String hint = looksLikeHostKeyFailure(message)
                ? " (the server's host key is not in the configured known_hosts file, or it changed)"
                : looksLikeAuthFailure(message) ? " (check the configured credentials: " + settings.auth() + ")" : "";
        return unreachable("cannot fetch " + settings.redactedUrl() + hint, e);
    }

    GitSourceException noDefaultBranch() {
        return new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND, settings.redactedUrl()
                + " has no default branch (HEAD); is the repository empty? Otherwise configure a ref", Optional.empty());
    }

    GitSourceException unreachable(String message, Throwable cause) {
        // JGit repeats the URL in front of each cause; the message names it once already
        String url = settings.redactedUrl();
        String causes = chain(cause).replace("Invalid remote: ", "").replace(url + ": ", "");
        if (url.endsWith("/")) {
            causes = causes.replace(url.substring(0, url.length() - 1) + ": ", "");
        }
        return new GitSourceException(GitSourceException.Kind.UNREACHABLE, message + ": " + causes, Optional.empty());
    }

    GitSourceException storage(String message, Throwable cause) {
        return new GitSourceException(GitSourceException.Kind.LOCAL_STORAGE, message + ": " + chain(cause), Optional.empty());
    }

    GitSourceException configuration(String message) {
        return new GitSourceException(GitSourceException.Kind.CONFIGURATION, message, Optional.empty());
    }

    /** The distinct messages of an exception and its causes, cleaned of anything secret. */
    String chain(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && parts.stream().noneMatch(p -> p.contains(m.strip()))) {
                parts.add(m.strip());
            } else if (m == null) {
                parts.add(t.getClass().getSimpleName());
            }
        }
        return GitSettings.redact(scrubber.scrub(String.join(": ", parts)));
    }

    static boolean looksLikeHostKeyFailure(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("server key did not validate") || m.contains("host key");
    }

    static boolean looksLikeAuthFailure(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("not authorized") || m.contains("authentication") || m.contains("401")
                || m.contains("403") || m.contains("permission denied") || m.contains("auth fail");
    }
}
