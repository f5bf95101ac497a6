package io.userflowsync.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Clients that open a connection, send half a request and go quiet. One thread watches all of them at once, so the
 * moment the server closes each one (end of stream or reset) is known to within a few milliseconds.
 */
final class StalledClients implements AutoCloseable {
    /** One stalled connection; {@code closedAt} is 0 while the server keeps it open. */
    static final class Client {
        final int port;
        final String half;
        final long openedAt = System.nanoTime();
        volatile long closedAt;
        private final SocketChannel channel;

        private Client(int port, String half, SocketChannel channel) {
            this.port = port;
            this.half = half;
            this.channel = channel;
        }

        boolean closed() {
            return closedAt != 0;
        }

        long openMillis() {
            return TimeUnit.NANOSECONDS.toMillis(closedAt - openedAt);
        }

        @Override
        public String toString() {
            return "port " + port + " after \"" + half.replace("\r\n", "\\r\\n") + "\"";
        }
    }

    private final Selector selector;
    private final Queue<Client> toRegister = new ConcurrentLinkedQueue<>();
    private final List<Client> clients = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean running = true;

    StalledClients() throws IOException {
        selector = Selector.open();
        watcher = new Thread(this::watch, "stalled-clients");
        watcher.setDaemon(true);
        watcher.start();
    }

    Client open(int port, String half) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.write(ByteBuffer.wrap(half.getBytes(StandardCharsets.US_ASCII)));
        channel.configureBlocking(false);
        Client client = new Client(port, half, channel);
        clients.add(client);
        toRegister.add(client);
        selector.wakeup();
        return client;
    }

    List<Client> clients() {
        return List.copyOf(clients);
    }

    /** Waits until every client is closed or the deadline ({@link System#nanoTime()}) passes. */
    boolean awaitAllClosed(long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            if (clients.stream().allMatch(Client::closed)) {
                return true;
            }
            Thread.sleep(20);
        }
        return clients.stream().allMatch(Client::closed);
    }

    private void watch() {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (running) {
            try {
                selector.select(100);
                for (Client c; (c = toRegister.poll()) != null; ) {
                    c.channel.register(selector, SelectionKey.OP_READ, c);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Client c = (Client) key.attachment();
                    int n;
                    try {
                        buffer.clear();
                        n = c.channel.read(buffer);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n < 0) {
                        c.closedAt = System.nanoTime();
                        key.cancel();
                        c.channel.close();
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        selector.wakeup();
        watcher.join(5000);
        for (Client c : clients) {
            c.channel.close();
        }
        selector.close();
    }
}
