package io.userflowsync.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The pull request (GitHub) or merge request (GitLab) a plan comment goes to, read from the variables the CI sets
 * (docs/pull-requests.md):
 * <ul>
 *   <li>GitHub Actions: {@code GITHUB_TOKEN} (given to the step as {@code env:}), {@code GITHUB_REPOSITORY}
 *       (owner/repo), the pull request's number and head commit from the event file {@code GITHUB_EVENT_PATH}
 *       ({@code pull_request.number}, {@code pull_request.head.sha}), {@code GITHUB_API_URL} (GitHub Enterprise; by
 *       default {@code https://api.github.com}).</li>
 *   <li>GitLab CI: {@code GITLAB_TOKEN} (a project or personal access token, scope {@code api}; sent as
 *       {@code PRIVATE-TOKEN}) or else {@code CI_JOB_TOKEN} (sent as {@code JOB-TOKEN}), {@code CI_API_V4_URL},
 *       {@code CI_PROJECT_ID}, {@code CI_MERGE_REQUEST_IID}, and the revision from
 *       {@code CI_MERGE_REQUEST_SOURCE_BRANCH_SHA} or {@code CI_COMMIT_SHA}.</li>
 * </ul>
 * {@code --pull-request N} names the number when the event does not carry one. The token is kept in
 * {@link Credential}, whose {@code toString} never shows it.
 */
public record ReviewTarget(Platform platform, URI api, String project, long number, Optional<String> revision,
                           Credential credential) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The header that carries the token; {@link #toString()} names the header, never its value. */
    public record Credential(String header, String value) {
        @Override
        public String toString() {
            return "Credential[" + header + "]";
        }
    }

    public static ReviewTarget from(Platform platform, Map<String, String> env, Optional<Long> number) {
        return platform == Platform.GITHUB ? github(env, number) : gitlab(env, number);
    }

    private static ReviewTarget github(Map<String, String> env, Optional<Long> number) {
        String token = need(env, "GITHUB_TOKEN", "--comment github needs GITHUB_TOKEN: in GitHub Actions give the step"
                + " env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} and the job permissions: pull-requests: write");
        String repository = need(env, "GITHUB_REPOSITORY", "--comment github needs GITHUB_REPOSITORY (owner/repo),"
                + " which GitHub Actions sets");
        if (!repository.matches("[^/\\s]+/[^/\\s]+")) {
            throw new ReviewException("GITHUB_REPOSITORY must be owner/repo, got '" + repository + "'");
        }
        Optional<JsonNode> event = Optional.ofNullable(env.get("GITHUB_EVENT_PATH")).filter(p -> !p.isBlank())
                .map(ReviewTarget::readEvent);
        Optional<JsonNode> pr = event.map(e -> e.path("pull_request")).filter(JsonNode::isObject);
        long n = number.or(() -> pr.map(p -> p.path("number")).filter(JsonNode::canConvertToLong)
                        .map(JsonNode::asLong))
                .orElseThrow(() -> new ReviewException("--comment github needs the pull request's number: run on a"
                        + " pull_request event (GITHUB_EVENT_PATH names its payload) or give --pull-request N"));
        Optional<String> revision = pr.map(p -> p.path("head").path("sha").asText("")).filter(s -> !s.isBlank())
                .or(() -> nonBlank(env, "GITHUB_SHA"));
        URI api = uri(nonBlank(env, "GITHUB_API_URL").orElse("https://api.github.com"), "GITHUB_API_URL");
        return new ReviewTarget(Platform.GITHUB, api, repository, n, revision,
                new Credential("Authorization", "Bearer " + token));
    }

    private static ReviewTarget gitlab(Map<String, String> env, Optional<Long> number) {
        Credential credential = nonBlank(env, "GITLAB_TOKEN").map(t -> new Credential("PRIVATE-TOKEN", t))
                .or(() -> nonBlank(env, "CI_JOB_TOKEN").map(t -> new Credential("JOB-TOKEN", t)))
                .orElseThrow(() -> new ReviewException("--comment gitlab needs GITLAB_TOKEN (a project access token"
                        + " with scope api, as a masked CI/CD variable) or CI_JOB_TOKEN"));
        URI api = uri(need(env, "CI_API_V4_URL", "--comment gitlab needs CI_API_V4_URL, which GitLab CI sets"),
                "CI_API_V4_URL");
        String project = need(env, "CI_PROJECT_ID", "--comment gitlab needs CI_PROJECT_ID, which GitLab CI sets");
        long iid = number.or(() -> nonBlank(env, "CI_MERGE_REQUEST_IID").map(v -> parse(v, "CI_MERGE_REQUEST_IID")))
                .orElseThrow(() -> new ReviewException("--comment gitlab needs the merge request: run in a merge"
                        + " request pipeline (CI_MERGE_REQUEST_IID; rules: if: $CI_PIPELINE_SOURCE =="
                        + " \"merge_request_event\") or give --pull-request N"));
        Optional<String> revision = nonBlank(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA")
                .or(() -> nonBlank(env, "CI_COMMIT_SHA"));
        return new ReviewTarget(Platform.GITLAB, api, project, iid, revision, credential);
    }

    /** {@code owner/repo#12} or {@code project 42 !7}, for messages. */
    public String describe() {
        return platform == Platform.GITHUB ? project + "#" + number : "project " + project + " !" + number;
    }

    private static JsonNode readEvent(String path) {
        try {
            return MAPPER.readTree(Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw new ReviewException("could not read the GitHub event file GITHUB_EVENT_PATH (" + path + "): "
                    + e.getMessage());
        }
    }

    private static long parse(String v, String name) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new ReviewException(name + " must be a number, got '" + v + "'");
        }
    }

    private static URI uri(String value, String name) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ReviewException(name + " must be an http(s) URL, got '" + value + "'");
        }
    }

    private static String need(Map<String, String> env, String name, String message) {
        return nonBlank(env, name).orElseThrow(() -> new ReviewException(message));
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
