package io.userflowsync.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful fake of the comment endpoints of GitHub's REST API (issue comments of a pull request) and GitLab's
 * (notes of a merge request), over real HTTP on 127.0.0.1, for the tests of {@code plan --comment}. In test scope,
 * unlike the Graph simulator: no command serves it, so it does not ship in the jar.
 *
 * <p>What it models, from the two APIs' reference pages:
 * <ul>
 *   <li>GitHub: {@code GET/POST /repos/{owner}/{repo}/issues/{n}/comments} (30 a page by default, {@code per_page}
 *       up to 100, {@code page}, a {@code Link} header with {@code rel="next"} while there is a next page),
 *       {@code PATCH /repos/{owner}/{repo}/issues/comments/{id}}; {@code Authorization: Bearer} (or
 *       {@code token}); 401 {@code Bad credentials}, 403 {@code Resource not accessible by integration} for a
 *       read-only token's write, 404 {@code Not Found} for a pull request or comment that is not there (or a
 *       comment of another repository), 422 {@code Validation Failed} for a missing or too long body (65,536
 *       characters); every error body has {@code message}, {@code documentation_url}, {@code status}.</li>
 *   <li>GitLab: {@code GET/POST /projects/:id/merge_requests/:iid/notes} (20 a page by default, {@code per_page} up
 *       to 100, {@code page}, {@code X-Next-Page} empty on the last page, {@code X-Page}, {@code X-Total}),
 *       {@code PUT /projects/:id/merge_requests/:iid/notes/:note_id}; {@code PRIVATE-TOKEN}, {@code JOB-TOKEN} or
 *       {@code Authorization: Bearer}; 401 {@code {"message":"401 Unauthorized"}}, 403
 *       {@code {"message":"403 Forbidden"}}, 404 {@code {"message":"404 Not found"}}, 400
 *       {@code {"error":"body is missing"}}; system notes ("added 1 commit") in the listing.</li>
 * </ul>
 * Faults are injected per method: a number of answers with a status, headers and body (a 502, GitHub's secondary
 * rate limit as 403 with {@code Retry-After}). The request log keeps method, path, status and when, never headers.
 */
public final class ReviewApiSimulator implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DOCS = "https://docs.github.com/rest/issues/comments";
    private static final Pattern GH_LIST = Pattern.compile("^/repos/([^/]+/[^/]+)/issues/(\\d+)/comments$");
    private static final Pattern GH_EDIT = Pattern.compile("^/repos/([^/]+/[^/]+)/issues/comments/(\\d+)$");
    private static final Pattern GL_LIST = Pattern.compile("^/api/v4/projects/([^/]+)/merge_requests/(\\d+)/notes$");
    private static final Pattern GL_EDIT = Pattern.compile(
            "^/api/v4/projects/([^/]+)/merge_requests/(\\d+)/notes/(\\d+)$");

    /** A comment or note; {@code thread} is {@code owner/repo#n} or {@code project!iid}. */
    public record Note(long id, String thread, String author, String body, boolean system) {
    }

    public record Request(String method, String path, String query, int status, long nanos) {
        public boolean write() {
            return !method.equals("GET");
        }
    }

    /**
     * {@code count} answers to {@code method} with this status, headers and body instead of the real one; with
     * {@code afterWrite} the request is carried out first and only its answer is lost (a 502 from a proxy after the
     * comment was created).
     */
    public record Fault(String method, int status, Map<String, String> headers, String body, int count,
                        boolean afterWrite) {
        public Fault(String method, int status, Map<String, String> headers, String body, int count) {
            this(method, status, headers, body, count, false);
        }
    }

    private static final ThreadLocal<Boolean> SWALLOW = ThreadLocal.withInitial(() -> false);

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<Long, Note> notes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> writers = new ConcurrentHashMap<>();
    private final Map<String, String> readers = new ConcurrentHashMap<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Map<Fault, Integer> used = new HashMap<>();

    private ReviewApiSimulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "review-api-simulator");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static ReviewApiSimulator start() {
        try {
            return new ReviewApiSimulator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String githubApi() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String gitlabApi() {
        return githubApi() + "/api/v4";
    }

    /** A pull request {@code owner/repo#n} or merge request {@code project!iid} that exists. */
    public ReviewApiSimulator thread(String thread) {
        threads.add(thread);
        return this;
    }

    /** A token that may read and write comments, posting as {@code author}. */
    public ReviewApiSimulator writer(String token, String author) {
        writers.put(token, author);
        return this;
    }

    /** A token that may read but not write (GitHub: a workflow without pull-requests: write). */
    public ReviewApiSimulator reader(String token, String author) {
        readers.put(token, author);
        return this;
    }

    /** A comment someone (or something) else wrote; GitLab's system notes with {@code system}. */
    public long add(String thread, String author, String body, boolean system) {
        long id = ids.incrementAndGet();
        notes.put(id, new Note(id, thread, author, body, system));
        return id;
    }

    public synchronized ReviewApiSimulator inject(Fault fault) {
        faults.add(fault);
        return this;
    }

    public List<Note> notes(String thread) {
        synchronized (notes) {
            return notes.values().stream().filter(n -> n.thread().equals(thread)).toList();
        }
    }

    public List<Request> requests() {
        return List.copyOf(log);
    }

    public List<Request> writes() {
        return log.stream().filter(Request::write).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized Optional<Fault> fault(String method) {
        for (Fault f : faults) {
            int n = used.getOrDefault(f, 0);
            if (f.method().equals(method) && n < f.count()) {
                used.put(f, n + 1);
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
        byte[] in = ex.getRequestBody().readAllBytes();
        boolean gitlab = path.startsWith("/api/v4/");
        int status;
        try {
            Optional<Fault> fault = fault(method);
            if (fault.isPresent() && fault.get().afterWrite()) {
                SWALLOW.set(true);
                try {
                    if (gitlab) {
                        gitlab(ex, method, path, query, in);
                    } else {
                        github(ex, method, path, query, in);
                    }
                } finally {
                    SWALLOW.set(false);
                }
            }
            if (fault.isPresent()) {
                fault.get().headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                status = send(ex, fault.get().status(), fault.get().body());
            } else {
                status = gitlab ? gitlab(ex, method, path, query, in) : github(ex, method, path, query, in);
            }
        } catch (RuntimeException e) {
            status = send(ex, 500, "{\"message\":\"simulator: " + e.getClass().getSimpleName() + "\"}");
        }
        log.add(new Request(method, path, query, status, System.nanoTime()));
    }

    // --- GitHub ---

    private int github(HttpExchange ex, String method, String path, String query, byte[] in) throws IOException {
        String auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
        String token = auth.startsWith("Bearer ") ? auth.substring(7) : auth.startsWith("token ") ? auth.substring(6)
                : "";
        String author = writers.getOrDefault(token, readers.get(token));
        if (author == null) {
            return ghError(ex, 401, "Bad credentials");
        }
        Matcher list = GH_LIST.matcher(path);
        Matcher edit = GH_EDIT.matcher(path);
        if (list.matches()) {
            String thread = list.group(1) + "#" + list.group(2);
            if (!threads.contains(thread)) {
                return ghError(ex, 404, "Not Found");
            }
            if (method.equals("GET")) {
                return page(ex, thread, query, 30, false);
            }
            if (method.equals("POST")) {
                if (!writers.containsKey(token)) {
                    return ghError(ex, 403, "Resource not accessible by integration");
                }
                Optional<String> body = body(in);
                if (body.isEmpty() || body.get().length() > 65_536) {
                    return ghInvalid(ex, body.isEmpty() ? "missing_field" : "custom", body.isEmpty() ? null
                            : "body is too long (maximum is 65536 characters)");
                }
                long id = add(thread, author, body.get(), false);
                return send(ex, 201, json(notes.get(id), false).toString());
            }
        } else if (edit.matches() && method.equals("PATCH")) {
            Note note = notes.get(Long.parseLong(edit.group(2)));
            if (note == null || !note.thread().startsWith(edit.group(1) + "#")) {
                return ghError(ex, 404, "Not Found");
            }
            // A token that may write comments edits only its own (the workflow's bot), unless it is an admin's.
            if (!writers.containsKey(token) || !note.author().equals(author)) {
                return ghError(ex, 403, "Resource not accessible by integration");
            }
            Optional<String> body = body(in);
            if (body.isEmpty() || body.get().length() > 65_536) {
                return ghInvalid(ex, body.isEmpty() ? "missing_field" : "custom", body.isEmpty() ? null
                        : "body is too long (maximum is 65536 characters)");
            }
            Note updated = new Note(note.id(), note.thread(), note.author(), body.get(), false);
            notes.put(note.id(), updated);
            return send(ex, 200, json(updated, false).toString());
        }
        return ghError(ex, 404, "Not Found");
    }

    private int ghError(HttpExchange ex, int status, String message) throws IOException {
        return send(ex, status, MAPPER.createObjectNode().put("message", message).put("documentation_url", DOCS)
                .put("status", Integer.toString(status)).toString());
    }

    private int ghInvalid(HttpExchange ex, String code, String message) throws IOException {
        ObjectNode body = MAPPER.createObjectNode().put("message", "Validation Failed");
        ObjectNode error = body.putArray("errors").addObject().put("resource", "IssueComment").put("code", code)
                .put("field", "body");
        if (message != null) {
            error.put("message", message);
        }
        return send(ex, 422, body.put("documentation_url", DOCS).put("status", "422").toString());
    }

    // --- GitLab ---

    private int gitlab(HttpExchange ex, String method, String path, String query, byte[] in) throws IOException {
        var h = ex.getRequestHeaders();
        String auth = Optional.ofNullable(h.getFirst("Authorization")).orElse("");
        String token = Optional.ofNullable(h.getFirst("PRIVATE-TOKEN")).or(() -> Optional.ofNullable(
                h.getFirst("JOB-TOKEN"))).orElse(auth.startsWith("Bearer ") ? auth.substring(7) : "");
        String author = writers.getOrDefault(token, readers.get(token));
        if (author == null) {
            return send(ex, 401, "{\"message\":\"401 Unauthorized\"}");
        }
        Matcher list = GL_LIST.matcher(path);
        Matcher edit = GL_EDIT.matcher(path);
        if (list.matches()) {
            String thread = URLDecoder.decode(list.group(1), StandardCharsets.UTF_8) + "!" + list.group(2);
            if (!threads.contains(thread)) {
                return send(ex, 404, "{\"message\":\"404 Not found\"}");
            }
            if (method.equals("GET")) {
                return page(ex, thread, query, 20, true);
            }
            if (method.equals("POST")) {
                if (!writers.containsKey(token)) {
                    return send(ex, 403, "{\"message\":\"403 Forbidden\"}");
                }
                Optional<String> body = body(in);
                if (body.isEmpty()) {
                    return send(ex, 400, "{\"error\":\"body is missing\"}");
                }
                long id = add(thread, author, body.get(), false);
                return send(ex, 201, json(notes.get(id), true).toString());
            }
        } else if (edit.matches() && method.equals("PUT")) {
            String thread = URLDecoder.decode(edit.group(1), StandardCharsets.UTF_8) + "!" + edit.group(2);
            Note note = notes.get(Long.parseLong(edit.group(3)));
            if (!threads.contains(thread) || note == null || !note.thread().equals(thread)) {
                return send(ex, 404, "{\"message\":\"404 Not found\"}");
            }
            if (!writers.containsKey(token) || !note.author().equals(author) || note.system()) {
                return send(ex, 403, "{\"message\":\"403 Forbidden\"}");
            }
            Optional<String> body = body(in);
            if (body.isEmpty()) {
                return send(ex, 400, "{\"error\":\"body is missing\"}");
            }
            Note updated = new Note(note.id(), note.thread(), note.author(), body.get(), false);
            notes.put(note.id(), updated);
            return send(ex, 200, json(updated, true).toString());
        }
        return send(ex, 404, "{\"message\":\"404 Not found\"}");
    }

    // --- shared ---

    private int page(HttpExchange ex, String thread, String query, int defaultSize, boolean gitlab)
            throws IOException {
        Map<String, String> q = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        int size = Math.min(100, Math.max(1, Integer.parseInt(q.getOrDefault("per_page", "" + defaultSize))));
        int page = Math.max(1, Integer.parseInt(q.getOrDefault("page", "1")));
        List<Note> all = notes(thread);
        int from = Math.min(all.size(), (page - 1) * size);
        int to = Math.min(all.size(), from + size);
        ArrayNode body = MAPPER.createArrayNode();
        all.subList(from, to).forEach(n -> body.add(json(n, gitlab)));
        boolean next = to < all.size();
        String base = githubApi() + ex.getRequestURI().getRawPath();
        if (gitlab) {
            ex.getResponseHeaders().add("X-Page", Integer.toString(page));
            ex.getResponseHeaders().add("X-Per-Page", Integer.toString(size));
            ex.getResponseHeaders().add("X-Total", Integer.toString(all.size()));
            ex.getResponseHeaders().add("X-Next-Page", next ? Integer.toString(page + 1) : "");
        } else if (next) {
            int last = (all.size() + size - 1) / size;
            ex.getResponseHeaders().add("Link", "<" + base + "?per_page=" + size + "&page=" + (page + 1)
                    + ">; rel=\"next\", <" + base + "?per_page=" + size + "&page=" + last + ">; rel=\"last\"");
        }
        return send(ex, 200, body.toString());
    }

    private static JsonNode json(Note n, boolean gitlab) {
        ObjectNode o = MAPPER.createObjectNode().put("id", n.id()).put("body", n.body());
        String now = Instant.now().toString();
        if (gitlab) {
            o.putObject("author").put("username", n.author());
            o.put("system", n.system()).put("noteable_type", "MergeRequest").put("created_at", now);
        } else {
            o.putObject("user").put("login", n.author());
            o.put("created_at", now).put("updated_at", now);
        }
        return o;
    }

    private static Optional<String> body(byte[] in) {
        try {
            JsonNode node = MAPPER.readTree(in);
            return node != null && node.path("body").isTextual() && !node.path("body").asText().isEmpty()
                    ? Optional.of(node.path("body").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int send(HttpExchange ex, int status, String body) throws IOException {
        if (SWALLOW.get()) {
            return status;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }
}
