package io.userflowsync.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A merge request's notes (GitLab REST "Notes"): {@code GET /projects/:id/merge_requests/:iid/notes} with
 * {@code page}, {@code per_page=100}, {@code sort=asc}, {@code order_by=created_at}, the next page from
 * {@code X-Next-Page} (empty on the last); {@code POST} the same path to create (201);
 * {@code PUT /projects/:id/merge_requests/:iid/notes/:note_id} to replace a body (200). System notes ("added 1
 * commit") are never ours. A note holds at most 1,000,000 characters.
 */
final class GitLabThread implements CommentThread {
    static final int MAX_BODY = 1_000_000;
    private final ReviewTarget target;
    private final ReviewHttp http;

    GitLabThread(ReviewTarget target, ReviewHttp http) {
        this.target = target;
        this.http = http;
    }

    private String notes() {
        return target.api() + "/projects/" + URLEncoder.encode(target.project(), StandardCharsets.UTF_8)
                + "/merge_requests/" + target.number() + "/notes";
    }

    @Override
    public List<Comment> list() {
        List<Comment> all = new ArrayList<>();
        Optional<String> page = Optional.of("1");
        int pages = 0;
        while (page.isPresent()) {
            if (++pages > 1000) {
                throw new ReviewException("GitLab listed more than 1,000 pages of notes on " + target.describe());
            }
            ReviewHttp.Response r = http.send("GET", URI.create(notes() + "?sort=asc&order_by=created_at&per_page=100"
                    + "&page=" + URLEncoder.encode(page.get(), StandardCharsets.UTF_8)), Optional.empty());
            for (JsonNode n : r.body()) {
                if (!n.path("system").asBoolean(false)) {
                    all.add(new Comment(n.path("id").asLong(), n.path("body").asText("")));
                }
            }
            page = r.headers().firstValue("X-Next-Page").map(String::strip).filter(p -> !p.isEmpty());
        }
        return all;
    }

    @Override
    public long create(String body) {
        return http.send("POST", URI.create(notes()), Optional.of(GitHubThread.json(body))).body().path("id").asLong();
    }

    @Override
    public void update(long id, String body) {
        http.send("PUT", URI.create(notes() + "/" + id), Optional.of(GitHubThread.json(body)));
    }

    @Override
    public int maxBody() {
        return MAX_BODY;
    }
}
