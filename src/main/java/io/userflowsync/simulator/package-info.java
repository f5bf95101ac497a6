/**
 * A stateful, loopback-only fake of the Microsoft Graph and Entra token endpoints that userflow-connector-sync talks
 * to, shipped in the jar so users can try the agent without a tenant ({@link
 * io.userflowsync.simulator.SimulatedTenant#demo()}) and so tests and the benchmark exercise real HTTP.
 *
 * <ul>
 *   <li>{@link io.userflowsync.simulator.GraphSimulator}: the HTTP server, its request log, write count and fault
 *       injection.</li>
 *   <li>{@link io.userflowsync.simulator.SimulatedTenant}: the tenant's state and its JSON seed format.</li>
 *   <li>{@link io.userflowsync.simulator.TenantGenerator}: large deterministic tenants with a desired-state YAML
 *       and a known amount of drift.</li>
 *   <li>{@link io.userflowsync.simulator.FaultRule}: throttling and transient failures on demand.</li>
 *   <li>{@link io.userflowsync.simulator.GraphQuota}: Graph's published request quota, enforced by default.</li>
 * </ul>
 *
 * Where Graph's reference is silent the simulator makes a documented choice; see {@code GraphDispatcher},
 * {@code BatchProcessor} and {@code TokenEndpoint}.
 */
package io.userflowsync.simulator;
