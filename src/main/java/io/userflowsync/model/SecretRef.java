package io.userflowsync.model;

/**
 * Where a connector's secret comes from (issue 9, item 1): never the secret itself, which must not be in Git. The
 * agent reads it when it has to send it, relative to where the agent runs, not to the config repository.
 */
public sealed interface SecretRef {

    /** As written in the desired state, {@code env:NAME} or {@code file:PATH}: safe to show, it is no secret. */
    String describe();

    /** An environment variable of the agent. */
    record Env(String name) implements SecretRef {
        public String describe() {
            return "env:" + name;
        }
    }

    /** A file readable by the agent; a relative path is relative to the agent's working directory. */
    record File(String path) implements SecretRef {
        public String describe() {
            return "file:" + path;
        }
    }
}
