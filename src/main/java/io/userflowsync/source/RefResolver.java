package io.userflowsync.source;

import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves the configured ref in the fetched clone to a commit, in the order {@code git rev-parse} uses: a full ref
 * name as is; a plain name as a tag, then as a branch, then (when it looks like one) as a full or short commit id.
 * No ref means the remote's default branch, fetched to {@link GitFetcher#REMOTE_HEAD}.
 */
final class RefResolver {
    private final GitSettings settings;
    private final GitFailures failures;

    RefResolver(GitSettings settings, GitFailures failures) {
        this.settings = settings;
        this.failures = failures;
    }

    /** The object the ref names; an annotated tag is returned as is (the caller peels it by parsing a commit). */
    ObjectId resolve(Repository repo) throws IOException, GitSourceException {
        if (settings.ref().isEmpty()) {
            Ref head = repo.exactRef(GitFetcher.REMOTE_HEAD);
            if (head == null || head.getObjectId() == null) {
                throw failures.noDefaultBranch();
            }
            return head.getObjectId();
        }
        String ref = settings.ref().get();
        List<String> candidates = ref.startsWith("refs/")
                ? List.of(ref)
                : List.of(Constants.R_TAGS + ref, Constants.R_HEADS + ref); // rev-parse order: tags before branches
        for (String name : candidates) {
            Ref found = repo.exactRef(name);
            if (found != null && found.getObjectId() != null) {
                return found.getObjectId();
            }
        }
        if (settings.refLooksLikeCommitId()) {
            try (ObjectReader reader = repo.newObjectReader()) {
                Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(ref.toLowerCase(Locale.ROOT)));
                if (matches.size() == 1) {
                    ObjectId id = matches.iterator().next();
                    if (reader.has(id, Constants.OBJ_COMMIT)) {
                        return id;
                    }
                } else if (matches.size() > 1) {
                    throw notFound("commit id '" + ref + "' is ambiguous in " + settings.redactedUrl() + "; give more digits");
                }
            }
            throw notFound("commit " + ref + " is not in the history of any branch or tag of " + settings.redactedUrl());
        }
        throw notFound("'" + ref + "' is neither a tag nor a branch of " + settings.redactedUrl());
    }

    private static GitSourceException notFound(String message) {
        return new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND, message, Optional.empty());
    }
}
