package io.userflowsync.source;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/**
 * A Git SSH server on loopback (Apache MINA SSHD, serving {@code git-upload-pack} with JGit's UploadPack) that accepts
 * one client public key. Test code only.
 */
final class SshGitServer implements AutoCloseable {
    private final SshServer sshd = SshServer.setUpDefaultServer();
    private final KeyPair hostKey;

    SshGitServer(Path repositoriesRoot, PublicKey allowedClientKey) throws Exception {
        hostKey = newKeyPair();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, allowedClientKey));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new UploadPackCommand(repositoriesRoot, command));
        sshd.start();
    }

    static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    int port() {
        return sshd.getPort();
    }

    String url(String repoDirName) {
        return "ssh://git@127.0.0.1:" + port() + "/" + repoDirName;
    }

    /** The line a known_hosts file needs for this server. */
    String knownHostsLine() {
        return knownHostsLine(hostKey.getPublic());
    }

    /** A known_hosts line naming this server but with another key, as a man in the middle would present. */
    String knownHostsLine(PublicKey key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n";
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    /** {@code git-upload-pack '/name.git'}: serves a fetch of {@code repositoriesRoot/name.git}. */
    private static final class UploadPackCommand implements Command {
        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Path root, String command) {
            this.root = root;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread worker = new Thread(() -> run(env), "ssh-upload-pack");
            worker.setDaemon(true);
            worker.start();
        }

        private void run(Environment env) {
            List<String> words = org.apache.sshd.server.command.CommandFactory.split(command);
            if (words.size() != 2 || !words.get(0).equals("git-upload-pack")) {
                exit.onExit(127, "only git-upload-pack is served");
                return;
            }
            String repoPath = words.get(1).replace("'", "");
            Path dir = root.resolve(repoPath.startsWith("/") ? repoPath.substring(1) : repoPath).normalize();
            try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
                UploadPack pack = new UploadPack(repo);
                String protocol = env.getEnv().get("GIT_PROTOCOL");
                if (protocol != null) {
                    pack.setExtraParameters(List.of(protocol.split(":")));
                }
                pack.upload(in, out, err);
                out.flush();
                exit.onExit(0);
            } catch (Exception e) {
                exit.onExit(1, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            // the worker ends when its streams close
        }
    }
}
