package io.userflowsync.source;

import java.util.Objects;
import java.util.Optional;

/**
 * What a last good revision belongs to: the remote, the ref and the path as configured. A last good revision is
 * used only under the same key, so changing {@code sync.git.ref} (or mistyping it) never applies another branch's
 * state (issue 6 item 13c). The ref is compared as written: {@code main}, {@code refs/heads/main} and "the remote's
 * default branch" are three keys, since each may name a different commit.
 *
 * @param url  the remote, as it may be shown (it never carries a secret), without trailing slashes
 * @param ref  the configured ref; empty for the remote's default branch
 * @param path the path inside the repository; empty for the root
 */
record SourceKey(String url, Optional<String> ref, Optional<String> path) {
    SourceKey {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(path, "path");
    }

    static SourceKey of(GitSettings settings) {
        return new SourceKey(settings.repositoryUrl(), settings.ref(), settings.path());
    }

    /** For a log line: {@code https://... ref main path tenants/prod}. */
    String describe() {
        return url + " ref " + ref.orElse("(the remote's default branch)") + " path " + path.orElse(".");
    }
}
