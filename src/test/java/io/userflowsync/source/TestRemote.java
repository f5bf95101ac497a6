package io.userflowsync.source;

import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A bare "remote" repository on disk and an author's clone that commits to it with JGit (real commits, real pushes). */
public final class TestRemote implements AutoCloseable {
    static final String BRANCH = "main";

    private final Path bare;
    private final Git author;
    private long clock = Instant.parse("2026-11-25T08:00:00Z").getEpochSecond();

    private TestRemote(Path bare, Git author) {
        this.bare = bare;
        this.author = author;
    }

    /** Creates {@code dir/<name>.git} (bare, default branch main) and an author clone beside it. */
    public static TestRemote create(Path dir, String name) throws GitAPIException {
        Path bare = dir.resolve(name + ".git");
        Git.init().setBare(true).setInitialBranch(BRANCH).setDirectory(bare.toFile()).call().close();
        Git author = Git.init().setInitialBranch(BRANCH).setDirectory(dir.resolve(name + "-author").toFile()).call();
        return new TestRemote(bare, author);
    }

    Path bareDir() {
        return bare;
    }

    public String fileUrl() {
        return bare.toUri().toString();
    }

    /** Writes the files (a null value deletes one), commits on the current branch and pushes it. */
    public RevCommit commit(String message, Map<String, String> files) throws IOException, GitAPIException {
        RevCommit commit = commitWithoutPush(message, files);
        push(false);
        return commit;
    }

    /** Writes one file of raw bytes (a binary, say) and the text files, commits and pushes. */
    public RevCommit commitWithBinary(String message, String binaryPath, byte[] binary, Map<String, String> files)
            throws IOException, GitAPIException {
        Path file = author.getRepository().getWorkTree().toPath().resolve(binaryPath);
        Files.createDirectories(file.getParent());
        Files.write(file, binary);
        author.add().addFilepattern(binaryPath).call();
        return commit(message, files);
    }

    /** Rewrites history: resets the branch to {@code base}, commits there and force-pushes. */
    public RevCommit forcePush(RevCommit base, String message, Map<String, String> files) throws IOException, GitAPIException {
        author.reset().setMode(ResetCommand.ResetType.HARD).setRef(base.name()).call();
        RevCommit commit = commitWithoutPush(message, files);
        push(true);
        return commit;
    }

    /**
     * Commits signed through JGit's signing path ({@code git commit -S}) by {@code signer} with {@code format}
     * (openpgp or ssh) and {@code signingKey} (for SSH: the public key file, the private key beside it), and pushes.
     */
    public RevCommit commitSigned(String message, Map<String, String> files, Signer signer, GpgConfig.GpgFormat format,
                                  String signingKey) throws IOException, GitAPIException {
        Config config = new Config();
        config.setString("gpg", null, "format", format.toConfigValue());
        RevCommit commit = commitWithoutPush(message, files, c -> c.setSign(true).setSigner(signer)
                .setGpgConfig(new GpgConfig(config)).setSigningKey(signingKey));
        push(false);
        return commit;
    }

    private RevCommit commitWithoutPush(String message, Map<String, String> files) throws IOException, GitAPIException {
        return commitWithoutPush(message, files, c -> c.setSign(false));
    }

    private RevCommit commitWithoutPush(String message, Map<String, String> files, UnaryOperator<CommitCommand> signing)
            throws IOException, GitAPIException {
        Path work = author.getRepository().getWorkTree().toPath();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = work.resolve(f.getKey());
            if (f.getValue() == null) {
                Files.deleteIfExists(file);
                author.rm().addFilepattern(f.getKey()).call();
            } else {
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
                author.add().addFilepattern(f.getKey()).call();
            }
        }
        PersonIdent who = new PersonIdent("Ada Author", "ada@example.com", Instant.ofEpochSecond(clock += 60), ZoneOffset.UTC);
        return signing.apply(author.commit().setMessage(message).setAuthor(who).setCommitter(who)).call();
    }

    void annotatedTag(String name, RevCommit commit) throws GitAPIException {
        author.tag().setName(name).setObjectId(commit).setAnnotated(true).setMessage("release " + name).call();
        author.push().setRemote(fileUrl()).setRefSpecs(new RefSpec("refs/tags/" + name + ":refs/tags/" + name)).call();
    }

    void branch(String name, RevCommit at) throws GitAPIException {
        author.push().setRemote(fileUrl()).setRefSpecs(new RefSpec("+" + at.name() + ":refs/heads/" + name)).call();
    }

    private void push(boolean force) throws GitAPIException {
        author.push().setRemote(fileUrl()).setForce(force)
                .setRefSpecs(new RefSpec((force ? "+" : "") + "refs/heads/" + BRANCH + ":refs/heads/" + BRANCH)).call();
    }

    @Override
    public void close() {
        author.close();
    }
}
