package io.userflowsync.review;

import java.util.List;

/** The comments of one pull request or merge request: every page listed, one created, one replaced. */
interface CommentThread {
    record Comment(long id, String body) {
    }

    /** Every comment (every page), oldest first; system notes left out. */
    List<Comment> list();

    long create(String body);

    void update(long id, String body);

    /** The longest body the API takes. */
    int maxBody();

    static CommentThread of(ReviewTarget target, ReviewHttp http) {
        return target.platform() == Platform.GITHUB ? new GitHubThread(target, http) : new GitLabThread(target, http);
    }
}
