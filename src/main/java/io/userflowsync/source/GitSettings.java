package io.userflowsync.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the desired state lives in Git and how to reach it.
 *
 * @param url      https://, http://, ssh://, scp-like {@code git@host:org/repo.git}, git:// or file:// remote; it must
 *                 not carry a password or token (use {@code auth}), so a URL with {@code user:secret@}, a query or a
 *                 fragment is rejected
 * @param ref      branch, tag, full ref name ({@code refs/...}) or full/short commit id; empty = the remote's default
 *                 branch (its HEAD). A plain name is looked up as a tag, then as a branch, then as a commit id, in
 *                 the order {@code git rev-parse} uses
 * @param path     the YAML file or folder inside the repository; empty = the repository root
 * @param workDir  a local directory this source owns: the bare clone, the snapshots and the last good revision
 * @param shallow  fetch only the tip commits (depth 1); ignored when {@code ref} pins a commit id, since a server
 *                 need not serve an arbitrary commit and a short id cannot be asked for
 * @param auth     how to authenticate; {@link GitAuth#none()} for anonymous and file:// remotes
 * @param timeout  network timeout of one fetch
 * @param signedCommits when present, only a revision whose commit is signed by one of these keys is used
 */
public record GitSettings(String url, Optional<String> ref, Optional<String> path, Path workDir, boolean shallow,
                          GitAuth auth, Duration timeout, Optional<SignedCommits> signedCommits) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern SCHEME_USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\\s]*)@");
    private static final Pattern SCP_LIKE_USERINFO = Pattern.compile("^([^/:@]+(?::[^/@]*)?)@([^/:]+:)");
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{7,40}");

    public GitSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(signedCommits, "signedCommits");
        url = url.strip();
        checkUrl(url);
        ref = ref.map(String::strip).filter(r -> !r.isEmpty());
        path = path.flatMap(GitSettings::normalisePath);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Git timeout must be positive, got " + timeout);
        }
        if ((auth instanceof GitAuth.HttpsToken || auth instanceof GitAuth.HttpsPassword) && !isHttp(url)) {
            throw new IllegalArgumentException("token/password auth needs an https:// URL, got " + redact(url));
        }
        if (auth instanceof GitAuth.Ssh && !isSsh(url)) {
            throw new IllegalArgumentException("SSH key auth needs an ssh:// or git@host:path URL, got " + redact(url));
        }
    }

    /** Defaults: the remote's default branch, the repository root, shallow, anonymous, 60 s timeout. */
    public static GitSettings of(String url, Path workDir) {
        return new GitSettings(url, Optional.empty(), Optional.empty(), workDir, true, GitAuth.none(), DEFAULT_TIMEOUT,
                Optional.empty());
    }

    public GitSettings withRef(String newRef) {
        return new GitSettings(url, Optional.ofNullable(newRef), path, workDir, shallow, auth, timeout, signedCommits);
    }

    public GitSettings withPath(String newPath) {
        return new GitSettings(url, ref, Optional.ofNullable(newPath), workDir, shallow, auth, timeout, signedCommits);
    }

    public GitSettings withShallow(boolean newShallow) {
        return new GitSettings(url, ref, path, workDir, newShallow, auth, timeout, signedCommits);
    }

    public GitSettings withWorkDir(Path newWorkDir) {
        return new GitSettings(url, ref, path, newWorkDir, shallow, auth, timeout, signedCommits);
    }

    public GitSettings withAuth(GitAuth newAuth) {
        return new GitSettings(url, ref, path, workDir, shallow, newAuth, timeout, signedCommits);
    }

    public GitSettings withTimeout(Duration newTimeout) {
        return new GitSettings(url, ref, path, workDir, shallow, auth, newTimeout, signedCommits);
    }

    /** Only revisions whose commit is signed by one of these keys; absent: no signature is checked. */
    public GitSettings withSignedCommits(Optional<SignedCommits> newSignedCommits) {
        return new GitSettings(url, ref, path, workDir, shallow, auth, timeout, newSignedCommits);
    }

    /** The URL as it may be shown anywhere (it never carries a secret: see the constructor). */
    public String redactedUrl() {
        return redact(url);
    }

    /** How the source is named in revisions and messages: {@code url//path}, the subfolder notation of Terraform and Kustomize. */
    public String location() {
        return path.map(p -> repositoryUrl() + "//" + p).orElse(redact(url));
    }

    /** The URL as it may be shown, without trailing slashes: {@code repo.git/} and {@code repo.git} are one remote. */
    String repositoryUrl() {
        return redact(url).replaceAll("/+$", "");
    }

    /** How the desired-state root is named in error locations: the path inside the repository. */
    public String shownAs() {
        return path.orElse(".");
    }

    /** True when {@code ref} can only be a commit id (it may still name a branch or tag, which wins). */
    boolean refLooksLikeCommitId() {
        return ref.filter(r -> COMMIT_ID.matcher(r).matches()).isPresent();
    }

    @Override
    public String toString() {
        return "GitSettings[url=" + redact(url) + ", ref=" + ref.orElse("(remote HEAD)") + ", path=" + shownAs()
                + ", workDir=" + workDir + ", shallow=" + shallow + ", auth=" + auth + ", timeout=" + timeout
                + ", signedCommits=" + signedCommits.map(SignedCommits::toString).orElse("(not verified)") + "]";
    }

    /**
     * Hides any password or token in a Git URL: {@code https://user:secret@host/x} becomes
     * {@code https://user:***@host/x}, and a user-only part of an http(s) URL (GitHub accepts
     * {@code https://<token>@github.com/...}) becomes {@code ***@}. SSH user names such as {@code git@} are kept.
     * Use it for every URL that reaches a log line or a message.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        // every URL in the text, so that free text such as an exception message can be cleaned too
        String result = SCHEME_USERINFO.matcher(url).replaceAll(m -> {
            String scheme = m.group(1);
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            String safe = colon >= 0 ? userInfo.substring(0, colon) + ":***" : isHttp(scheme) ? "***" : userInfo;
            return Matcher.quoteReplacement(scheme + safe + "@");
        });
        Matcher scp = SCP_LIKE_USERINFO.matcher(result);
        if (scp.find() && scp.group(1).contains(":")) {
            String user = scp.group(1).substring(0, scp.group(1).indexOf(':'));
            return user + ":***@" + result.substring(scp.start(2));
        }
        return result;
    }

    private static void checkUrl(String url) {
        if (url.isEmpty()) {
            throw new IllegalArgumentException("Git URL is empty");
        }
        if (!redact(url).equals(url)) {
            throw new IllegalArgumentException("Git URL " + redact(url) + " carries credentials; remove them from the"
                    + " URL and configure the token or password by environment variable name or file path instead");
        }
        // No Git remote needs a query or a fragment (smart HTTP adds its own ?service=), while forges accept a token
        // in one (GitLab's ?private_token=, ?access_token=): refuse any, and never repeat what follows the ? or #.
        int query = firstIndexOf(url, '?', '#');
        if (query >= 0) {
            throw new IllegalArgumentException("Git URL " + redact(url.substring(0, query)) + url.charAt(query) + "***"
                    + " has a query or fragment, which often carries a token; remove it and configure the token by"
                    + " environment variable name or file path instead (sync.git.token-env, sync.git.token-file)");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        boolean known = lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("ssh://")
                || lower.startsWith("git://") || lower.startsWith("file://") || isScpLike(url);
        if (!known) {
            throw new IllegalArgumentException("Git URL " + url + " is not https://, ssh://, git@host:path, git:// or file://");
        }
    }

    private static int firstIndexOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static boolean isHttp(String urlOrScheme) {
        String lower = urlOrScheme.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static boolean isSsh(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("ssh://") || isScpLike(url);
    }

    private static boolean isScpLike(String url) {
        // user@host:path or host:path, without a scheme; a Windows drive letter (C:\...) is not one
        return !url.contains("://") && url.matches("^([^/@:]+@)?[^/@:]{2,}:.+");
    }

    private static Optional<String> normalisePath(String raw) {
        String p = raw.strip().replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.equals(".")) {
            return Optional.empty();
        }
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path inside the repository must be a plain relative path, got '" + raw + "'");
            }
        }
        return Optional.of(p);
    }
}
