package io.userflowsync.ha;

import org.apache.camel.cluster.CamelClusterService;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the replicas of one deployment meet: Camel's cluster service holds the lock; beside it the store keeps who
 * leads (for the standbys' {@code /status} and for {@code apply}) and the last push a standby passed on.
 */
interface SharedStore extends AutoCloseable {

    /** The leader as the store records it, and since when (or when it last renewed). */
    record LeaderSeen(String instance, Optional<Instant> at) {
    }

    CamelClusterService clusterService();

    /**
     * Who leads the namespace ({@code Election.NAMESPACE}, or {@code tenant-<name>} with sync.tenants) as far as the
     * store says: empty when nobody does (or the holder has gone silent).
     */
    Optional<LeaderSeen> leader(String namespace) throws IOException;

    /** Called on the new leader of the namespace as soon as it leads. */
    void leadershipGained(String namespace, String instance) throws IOException;

    /** A standby got a push: leave a mark the leader picks up. */
    void requestSync(String from) throws IOException;

    /** The latest mark (opaque; it changes with every {@link #requestSync}); empty when none was ever left. */
    Optional<String> syncRequest() throws IOException;

    /** Steps down from the namespace for good once this instance stopped (nothing is being written any more). */
    void release(String namespace, String instance);

    @Override
    void close();
}
