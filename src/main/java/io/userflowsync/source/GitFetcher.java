package io.userflowsync.source;

import io.userflowsync.config.SecretScrubber;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches the remote into the bare clone with the configured credentials: every branch and tag, force-updating refs
 * (so a force-push is followed) and pruning deleted ones, at depth 1 unless a commit id is pinned. Secrets are read
 * at each fetch (a rotated token is picked up) and remembered by the scrubber so no message can carry them.
 */
final class GitFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitFetcher.class);

    /** Where the remote's HEAD is fetched to when no ref is configured. */
    static final String REMOTE_HEAD = "refs/userflowsync/remote-head";

    private final GitSettings settings;
    private final SecretScrubber scrubber;
    private final GitFailures failures;
    private SshdSessionFactory sshFactory; // built on first use: the key and known_hosts may be mounted later

    GitFetcher(GitSettings settings, SecretScrubber scrubber, GitFailures failures) {
        this.settings = settings;
        this.scrubber = scrubber;
        this.failures = failures;
        if (settings.url().toLowerCase(Locale.ROOT).startsWith("http://")
                && !(settings.auth() instanceof GitAuth.None) && !isLoopback(settings.url())) {
            LOG.warn("Git credentials for {} are sent over plain http://; use https://", settings.redactedUrl());
        }
    }

    /** Brings {@code repo} up to date with the remote. */
    void fetchInto(Repository repo) throws GitSourceException {
        fetchInto(repo, Optional.empty());
    }

    /**
     * As {@link #fetchInto(Repository)}; a shallow clone gets every commit since {@code since} (Git's
     * {@code --shallow-since}) instead of the tip alone, so that whether the tip descends from a commit of that time
     * can be told.
     */
    void fetchInto(Repository repo, Optional<java.time.Instant> since) throws GitSourceException {
        List<String> refSpecs = new ArrayList<>(List.of("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"));
        if (settings.ref().isEmpty()) {
            refSpecs.add("+HEAD:" + REMOTE_HEAD);
        }
        Path repoDir = repo.getDirectory().toPath();
        try (Git git = new Git(repo)) {
            FetchCommand fetch = git.fetch()
                    .setRemote(settings.url())
                    .setRefSpecs(refSpecs.toArray(String[]::new))
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setForceUpdate(true)
                    .setRemoveDeletedRefs(true)
                    .setTimeout((int) Math.max(1, settings.timeout().toSeconds()));
            // A commit id cannot be asked for at depth 1 (a server need not serve an arbitrary commit and a short
            // id cannot be sent at all), so a commit pin fetches the full history of the branches and tags.
            if (since.isPresent() && settings.shallow() && !settings.refLooksLikeCommitId()) {
                fetch.setShallowSince(since.get());
            } else if (settings.shallow() && !settings.refLooksLikeCommitId()) {
                fetch.setDepth(1);
            } else if (Files.exists(repoDir.resolve("shallow"))) {
                fetch.setUnshallow(true);
            }
            configureAuth(fetch);
            FetchResult result = fetch.call();
            checkRefUpdates(result, repoDir);
        } catch (InvalidRemoteException e) {
            throw failures.unreachable("no Git repository at " + settings.redactedUrl(), e);
        } catch (TransportException e) {
            throw failures.fetchFailed(e);
        } catch (GitAPIException | JGitInternalException e) {
            throw failures.unreachable("cannot fetch " + settings.redactedUrl(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (sshFactory != null) {
            sshFactory.close();
            sshFactory = null;
        }
    }

    private void configureAuth(FetchCommand fetch) throws GitSourceException {
        GitAuth auth = settings.auth();
        if (auth instanceof GitAuth.HttpsToken token) {
            fetch.setCredentialsProvider(credentials(token.username(), token.token()));
        } else if (auth instanceof GitAuth.HttpsPassword password) {
            fetch.setCredentialsProvider(credentials(password.username(), password.password()));
        } else if (auth instanceof GitAuth.Ssh ssh) {
            SshdSessionFactory factory = sshFactory(ssh);
            fetch.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport sshTransport) {
                    sshTransport.setSshSessionFactory(factory);
                }
            });
        }
    }

    private CredentialsProvider credentials(String username, SecretRef secret) throws GitSourceException {
        try {
            return new UsernamePasswordCredentialsProvider(username, scrubber.remember(secret.read()));
        } catch (IllegalStateException e) {
            throw failures.configuration("cannot authenticate to " + settings.redactedUrl() + ": " + e.getMessage());
        }
    }

    private synchronized SshdSessionFactory sshFactory(GitAuth.Ssh ssh) throws GitSourceException {
        if (sshFactory == null) {
            sshFactory = SshSessionFactories.create(ssh, settings.workDir().toAbsolutePath().resolve("ssh"), scrubber);
        } else if (!ssh.strictHostKeyChecking()) {
            LOG.warn("SSH strict host key checking is OFF for {}", settings.redactedUrl());
        }
        return sshFactory;
    }

    private void checkRefUpdates(FetchResult result, Path repoDir) throws GitSourceException {
        for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
            RefUpdate.Result r = update.getResult();
            if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.IO_FAILURE
                    || r == RefUpdate.Result.REJECTED || r == RefUpdate.Result.REJECTED_OTHER_REASON) {
                throw new GitSourceException(GitSourceException.Kind.LOCAL_STORAGE, "fetched " + settings.redactedUrl()
                        + " but could not update " + update.getLocalName() + " in " + repoDir + ": " + r, Optional.empty());
            }
        }
    }

    private static boolean isLoopback(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://127.0.0.1") || lower.startsWith("http://localhost") || lower.startsWith("http://[::1]");
    }
}
