package io.userflowsync.source;

import io.userflowsync.config.SecretScrubber;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Builds JGit's Apache MINA SSHD session factory from {@link GitAuth.Ssh} alone: home and .ssh directories point into
 * the work directory and the ssh config is one we write, so nothing from the user's ~/.ssh (keys, known_hosts, config,
 * agent) is used by accident.
 */
final class SshSessionFactories {
    private static final Logger LOG = LoggerFactory.getLogger(SshSessionFactories.class);

    private SshSessionFactories() {
    }

    /**
     * @param sshDir a directory of the work directory this source owns (it holds the generated ssh config)
     * @throws GitSourceException of kind CONFIGURATION when the key or the known_hosts file is missing
     */
    static SshdSessionFactory create(GitAuth.Ssh ssh, Path sshDir, SecretScrubber scrubber) throws GitSourceException {
        Path key = ssh.privateKey();
        if (!Files.isReadable(key)) {
            throw configuration("SSH private key file " + key + " does not exist or is not readable");
        }
        Optional<Path> knownHosts = ssh.knownHosts();
        if (ssh.strictHostKeyChecking()) {
            Path kh = knownHosts.orElseThrow();
            if (!Files.isRegularFile(kh) || !Files.isReadable(kh)) {
                throw configuration("SSH known_hosts file " + kh + " does not exist or is not readable; strict host"
                        + " key checking needs it (create it with e.g. `ssh-keyscan <host> > " + kh + "`)");
            }
        } else {
            LOG.warn("SSH strict host key checking is OFF: any server host key is accepted, so a man in the middle"
                    + " could serve a forged desired state. Turn it on with a known_hosts file.");
        }
        Path config = sshDir.resolve("config");
        try {
            Files.createDirectories(sshDir);
            Files.writeString(config, sshConfig(ssh.strictHostKeyChecking()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GitSourceException(GitSourceException.Kind.LOCAL_STORAGE,
                    "cannot write the SSH config " + config + ": " + e.getMessage(), Optional.empty());
        }
        SshdSessionFactoryBuilder builder = new SshdSessionFactoryBuilder()
                .setHomeDirectory(sshDir.toFile())
                .setSshDirectory(sshDir.toFile())
                .setConfigFile(ignoredSshDir -> config.toFile())
                .setDefaultIdentities(ignoredSshDir -> List.of(key))
                .setDefaultKnownHostsFiles(ignoredSshDir -> knownHosts.map(List::of).orElse(List.of()))
                .setPreferredAuthentications("publickey")
                .setKeyPasswordProvider(cp -> new PassphraseFromSecret(ssh.passphrase(), scrubber));
        if (!ssh.strictHostKeyChecking()) {
            builder.setServerKeyDatabase((home, dir) -> new AcceptAnyServerKey());
        }
        return builder.build(null);
    }

    /**
     * The ssh config the session factory reads; explicit so JGit's defaults ("ask") never decide. The key and the
     * known_hosts file are given to the builder as its defaults (no quoting of paths in a config file); no agent.
     */
    static String sshConfig(boolean strictHostKeyChecking) {
        return "# written by userflow-connector-sync; edits are overwritten\n"
                + "Host *\n"
                + "  StrictHostKeyChecking " + (strictHostKeyChecking ? "yes" : "no") + "\n"
                + "  IdentityAgent none\n"
                + "  PreferredAuthentications publickey\n"
                + "  BatchMode yes\n";
    }

    private static GitSourceException configuration(String message) {
        return new GitSourceException(GitSourceException.Kind.CONFIGURATION, message, Optional.empty());
    }

    /** Reads the key passphrase at use time; one attempt, no prompting. */
    private static final class PassphraseFromSecret implements KeyPasswordProvider {
        private final Optional<SecretRef> passphrase;
        private final SecretScrubber scrubber;

        PassphraseFromSecret(Optional<SecretRef> passphrase, SecretScrubber scrubber) {
            this.passphrase = passphrase;
            this.scrubber = scrubber;
        }

        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
            return passphrase.map(SecretRef::read).map(scrubber::remember).map(String::toCharArray).orElse(null);
        }

        @Override
        public void setAttempts(int maxNumberOfAttempts) {
            // one attempt: a wrong passphrase from a file will not get better by retrying
        }

        @Override
        public int getAttempts() {
            return 1;
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false;
        }
    }

    /** Only when the operator turned strict host key checking off explicitly. */
    private static final class AcceptAnyServerKey implements ServerKeyDatabase {
        @Override
        public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
            return List.of();
        }

        @Override
        public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                              Configuration config, CredentialsProvider provider) {
            return true;
        }
    }
}
