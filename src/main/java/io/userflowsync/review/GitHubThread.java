package io.userflowsync.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pull request's conversation through GitHub's issue comments (REST "Issue comments": every pull request is an
 * issue): {@code GET /repos/{owner}/{repo}/issues/{n}/comments?per_page=100}, the next page from the
 * {@code Link: <...>; rel="next"} header; {@code POST} the same path to create (201);
 * {@code PATCH /repos/{owner}/{repo}/issues/comments/{id}} to replace a body (200). A body holds at most 65,536
 * characters (a longer one is answered 422).
 */
final class GitHubThread implements CommentThread {
    static final int MAX_BODY = 65_536;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ReviewTarget target;
    private final ReviewHttp http;

    GitHubThread(ReviewTarget target, ReviewHttp http) {
        this.target = target;
        this.http = http;
    }

    private String repo() {
        return target.api() + "/repos/" + target.project();
    }

    @Override
    public List<Comment> list() {
        List<Comment> all = new ArrayList<>();
        Optional<URI> page = Optional.of(URI.create(repo() + "/issues/" + target.number() + "/comments?per_page=100"));
        int pages = 0;
        while (page.isPresent()) {
            if (++pages > 1000) {
                throw new ReviewException("GitHub listed more than 1,000 pages of comments on " + target.describe());
            }
            ReviewHttp.Response r = http.send("GET", page.get(), Optional.empty());
            r.body().forEach(c -> all.add(new Comment(c.path("id").asLong(), c.path("body").asText(""))));
            page = r.headers().allValues("Link").stream().map(NEXT::matcher).filter(Matcher::find)
                    .map(m -> URI.create(m.group(1))).findFirst();
        }
        return all;
    }

    @Override
    public long create(String body) {
        JsonNode created = http.send("POST", URI.create(repo() + "/issues/" + target.number() + "/comments"),
                Optional.of(json(body))).body();
        return created.path("id").asLong();
    }

    @Override
    public void update(long id, String body) {
        http.send("PATCH", URI.create(repo() + "/issues/comments/" + id), Optional.of(json(body)));
    }

    @Override
    public int maxBody() {
        return MAX_BODY;
    }

    static String json(String body) {
        return MAPPER.createObjectNode().put("body", body).toString();
    }
}
