package dev.proctor.review.access;

import dev.proctor.access.AccessRequest;
import java.time.Duration;
import java.time.Instant;

/** One access request as the inbox shows it. */
public record RequestRow(AccessRequest request) {

  public String id() {
    return request.id();
  }

  public String state() {
    return request.state().wireName();
  }

  public String requester() {
    return request.requester().subject();
  }

  public String groups() {
    return String.join(", ", request.requester().groups());
  }

  public String connection() {
    return request.connection();
  }

  public String reason() {
    return request.reason().isBlank() ? "(no reason given)" : request.reason();
  }

  public String requestedDuration() {
    return human(request.requestedDuration());
  }

  /** How long before {@code now} it was asked, e.g. {@code 3 min ago}. */
  public String age(Instant now) {
    return human(Duration.between(request.createdAt(), now)) + " ago";
  }

  /** The held call's prompt, masked, or what to say when there is none. */
  public String prompt() {
    return request.prompt().orElse("(asked ahead, not by a held call)");
  }

  /** Who decided, and until when a grant lasts. */
  public String decision() {
    StringBuilder d = new StringBuilder();
    request.approvals().forEach(a -> d.append("approved by ").append(a.by()).append(reason(a)));
    request.denial().ifPresent(a -> d.append("denied by ").append(a.by()).append(reason(a)));
    request
        .revocation()
        .ifPresent(a -> d.append(" · revoked by ").append(a.by()).append(reason(a)));
    request.grantedUntil().ifPresent(u -> d.append(" · until ").append(u));
    return d.toString();
  }

  private static String reason(AccessRequest.Decision d) {
    return d.reason().isBlank() ? "" : " (" + d.reason() + ")";
  }

  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    if (s < 86_400) {
      return s / 3600 + " h" + (s % 3600 >= 60 ? " " + s % 3600 / 60 + " min" : "");
    }
    return s / 86_400 + " d";
  }
}
