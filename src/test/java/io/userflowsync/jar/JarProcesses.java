package io.userflowsync.jar;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the tests of the packaged jar share: its command line, a free port, and a GET of a process still starting. */
final class JarProcesses {
    private JarProcesses() {
    }

    /** {@code java -Djava.io.tmpdir=TMP -jar <the packaged jar> ARGS}, the JVM being the one running the tests. */
    static List<String> javaCommand(Path tmp, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", Path.of(System.getProperty("agent.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** The body, or "" while the process does not listen yet. */
    static String get(HttpClient client, String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";  // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
