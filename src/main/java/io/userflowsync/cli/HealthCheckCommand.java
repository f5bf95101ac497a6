package io.userflowsync.cli;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code healthcheck}: the image's HEALTHCHECK (plain Docker and podman; Kubernetes probes the same path itself). The
 * JRE image has neither curl nor wget, and a JVM cannot speak HTTP from the command line, so the agent asks itself.
 */
final class HealthCheckCommand {
    static final String PATH = "/observe/health/ready";

    private HealthCheckCommand() {
    }

    static int run(Settings settings, PrintStream err) {
        URI uri = URI.create("http://127.0.0.1:" + settings.integer(Setting.MANAGEMENT_PORT) + PATH);
        try {
            HttpResponse<Void> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() == 200) {
                return Commands.OK;
            }
            err.println("not ready: " + uri + " answered " + answer.statusCode());
        } catch (Exception e) {
            err.println("not ready: " + uri + " did not answer (" + e.getClass().getSimpleName() + ")");
        }
        return Commands.ERROR;
    }
}
