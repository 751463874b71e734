package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import dev.proctor.access.AccessException;
import dev.proctor.access.AccessRequest;
import dev.proctor.format.Json;
import dev.proctor.format.S3Layout;
import dev.proctor.gateway.recording.S3ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Access requests in S3, one object each under {@code v1/access/}. Every change is a conditional
 * write: a new request only if its key is free ({@code If-None-Match: *}), a transition only if the
 * object is still the version it was computed from ({@code If-Match}). Two replicas, or two
 * approvers, racing on one request therefore change it exactly once each in some order, and a
 * transition that no longer applies to the winner's result is refused with the reason.
 */
public final class AccessStore {
  private static final String JSON = "application/json";
  private static final int ATTEMPTS = 20;

  private final S3ObjectStore store;
  private final S3Layout layout;

  public AccessStore(S3ObjectStore store, S3Layout layout) {
    this.store = requireNonNull(store, "store");
    this.layout = requireNonNull(layout, "layout");
  }

  /** A transition of a request, computed from its current version. */
  public interface Transition {
    AccessRequest apply(AccessRequest current) throws AccessException;
  }

  /**
   * Stores a new request.
   *
   * @return false if another request with its id exists already
   */
  public boolean create(AccessRequest request) throws IOException {
    return store.putIf(layout.accessKey(request.id()), bytes(request), JSON, Optional.empty());
  }

  public Optional<AccessRequest> get(String id) throws IOException {
    return store.get(layout.accessKey(id)).map(v -> parse(v.bytes()));
  }

  /**
   * Request {@code id} as stored now.
   *
   * @throws AccessException if there is no such request
   */
  public AccessRequest require(String id) throws IOException, AccessException {
    return get(id).orElseThrow(() -> notFound(id));
  }

  private static AccessException notFound(String id) {
    return new AccessException(
        AccessException.Kind.NOT_FOUND, "There is no access request " + id + ".");
  }

  /**
   * Applies {@code transition} to the current version of request {@code id} and writes the result
   * if nobody changed the request meanwhile; otherwise reads it again and retries, up to {@value
   * #ATTEMPTS} times (a store that refuses every conditional write must not hold a thread for
   * ever).
   *
   * @return the request after the transition
   * @throws AccessException if there is no such request, or the transition does not apply
   * @throws IOException when S3 fails, or the request changed under every attempt
   */
  public AccessRequest update(String id, Transition transition)
      throws IOException, AccessException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<S3ObjectStore.Versioned> current = store.get(layout.accessKey(id));
      if (current.isEmpty()) {
        throw notFound(id);
      }
      AccessRequest next = transition.apply(parse(current.get().bytes()));
      if (store.putIf(layout.accessKey(id), bytes(next), JSON, Optional.of(current.get().etag()))) {
        return next;
      }
    }
    throw new IOException(
        "access request "
            + id
            + " changed under every one of "
            + ATTEMPTS
            + " attempts to write it; try again");
  }

  /** Every request, newest first. */
  public List<AccessRequest> list() throws IOException {
    List<AccessRequest> requests = new ArrayList<>();
    for (String key : store.list(layout.accessRoot())) {
      if (key.endsWith(".json")) {
        store.get(key).map(v -> parse(v.bytes())).ifPresent(requests::add);
      }
    }
    requests.sort((a, b) -> b.id().compareTo(a.id()));
    return requests;
  }

  private static byte[] bytes(AccessRequest request) throws IOException {
    return Json.mapper().writeValueAsBytes(request);
  }

  private static AccessRequest parse(byte[] bytes) {
    try {
      return Json.mapper().readValue(bytes, AccessRequest.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("an access request in S3 is not readable", e);
    }
  }
}
