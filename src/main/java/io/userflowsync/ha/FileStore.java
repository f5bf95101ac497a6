package io.userflowsync.ha;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code sync.ha=file}: camel-file's FileLockClusterService on a folder every replica mounts. In
 * {@code FILE_ROOT/GROUP/}: {@code leader} (the lock) and {@code leader.dat} (Camel's heartbeat), and the agent's own
 * {@code leader-instance} (who leads: Camel's data file names the leader by a random id only) and
 * {@code push-requested} (the last push a standby passed on).
 */
final class FileStore implements SharedStore {
    static final String LEADER_INSTANCE = "leader-instance";
    static final String PUSH_REQUESTED = "push-requested";

    private final Path dir;
    private final FileLockClusterService service;

    FileStore(HaSettings settings) {
        this.dir = settings.fileRoot().orElseThrow().resolve(settings.group());
        this.service = new FileLockClusterService();
        service.setId(settings.instanceId());
        service.setRoot(dir.toString());
        long retry = settings.retryPeriod().toMillis();
        // Every replica checks the lock once a retry period; the leader's heartbeat goes into leader.dat as often. A
        // leader whose heartbeat has not moved for about a lease duration is replaced (heartbeatTimeoutMultiplier).
        service.setAcquireLockDelay(retry, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(retry, TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier((int) Math.max(2, settings.leaseDuration().toMillis() / retry));
    }

    @Override
    public CamelClusterService clusterService() {
        return service;
    }

    @Override
    public Optional<LeaderSeen> leader(String namespace) throws IOException {
        return read(leaderFile(namespace)).map(text -> {
            List<String> lines = text.lines().toList();
            Optional<Instant> since = lines.size() > 1 ? parse(lines.get(1)) : Optional.empty();
            return new LeaderSeen(lines.isEmpty() ? "" : lines.get(0), since);
        }).filter(l -> !l.instance().isBlank());
    }

    @Override
    public void leadershipGained(String namespace, String instance) throws IOException {
        write(leaderFile(namespace), instance + "\n" + Instant.now() + "\n");
    }

    @Override
    public void requestSync(String from) throws IOException {
        write(PUSH_REQUESTED, UUID.randomUUID() + " " + Instant.now() + " " + from + "\n");
    }

    @Override
    public Optional<String> syncRequest() throws IOException {
        return read(PUSH_REQUESTED);
    }

    @Override
    public void release(String namespace, String instance) {
        // Camel's view empties leader.dat and releases the lock when it stops: a standby takes over at its next check.
    }

    @Override
    public void close() {
    }

    /** {@code leader-instance}; with sync.tenants, {@code tenant-<name>.leader-instance} beside Camel's lock. */
    private static String leaderFile(String namespace) {
        return namespace.equals(Election.NAMESPACE) ? LEADER_INSTANCE : namespace + "." + LEADER_INSTANCE;
    }

    private Optional<String> read(String name) throws IOException {
        try {
            return Optional.of(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Written whole and moved into place, so a reader on another host never sees half a file. */
    private void write(String name, String content) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Optional<Instant> parse(String text) {
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
