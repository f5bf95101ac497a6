package io.userflowsync.simulator;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records who sent each request (the {@code User-Agent}) around the simulator's handler, as a filter so that the
 * handler and its request log stay as they are. Only method, path, status and the User-Agent are kept: never a
 * query (a careless client may put a secret there), another header or a body.
 */
final class AgentLog extends Filter {
    /** The exchange attribute (a Boolean) by which the handler says the request wrote to Graph. */
    static final String WRITES = "userflowsync.simulator.writes";
    private final Clock clock;
    private final List<AgentRequest> requests = new ArrayList<>();
    private final List<Consumer<AgentRequest>> listeners = new CopyOnWriteArrayList<>();

    AgentLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String agent = Optional.ofNullable(exchange.getRequestHeaders().getFirst("User-Agent")).orElse("");
        String method = exchange.getRequestMethod();
        String path = Optional.ofNullable(exchange.getRequestURI().getPath()).orElse("/");
        try {
            chain.doFilter(exchange);
        } finally {
            AgentRequest r = new AgentRequest(clock.instant(), method, path, exchange.getResponseCode(), agent,
                    Boolean.TRUE.equals(exchange.getAttribute(WRITES)));
            synchronized (this) {
                requests.add(r);
            }
            listeners.forEach(l -> l.accept(r));
        }
    }

    @Override
    public String description() {
        return "records the User-Agent of each request";
    }

    synchronized List<AgentRequest> requests() {
        return List.copyOf(requests);
    }

    void listen(Consumer<AgentRequest> listener) {
        listeners.add(listener);
    }
}
