package dev.proctor.bench;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One way to reach the upstream simulator: directly, or through a proxy.
 *
 * @param chatUrl the chat completions URL on this path
 * @param headers what a client sends on this path (credentials included)
 * @param proxy the process in the middle, whose CPU time is measured; empty for the direct path
 */
record Path(String name, URI chatUrl, Map<String, String> headers, Optional<Child> proxy) {}
