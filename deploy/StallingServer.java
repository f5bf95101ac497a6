import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A server on 127.0.0.1 that accepts connections and never answers: pointed at as the token endpoint and Graph, it
 * keeps a daemon's run in progress (until the client's response timeout), so deploy/container-test can measure how
 * long SIGTERM takes to stop the container in the middle of a run. Prints one line per accepted connection.
 *
 * <p>Run with the JDK's source launcher: {@code java deploy/StallingServer.java PORT SECONDS}. It exits by itself
 * after SECONDS, and holds at most 100 connections.
 */
public final class StallingServer {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        List<Socket> held = new ArrayList<>();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server.setSoTimeout(500);
            System.out.println("stalling on 127.0.0.1:" + port);
            while (System.nanoTime() < deadline && held.size() < 100) {
                try {
                    held.add(server.accept());
                    System.out.println("accepted " + held.size());
                } catch (SocketTimeoutException e) {
                    // no connection yet: check the deadline again
                }
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
