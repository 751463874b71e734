package dev.proctor.gateway.policy;

/** How much of a call is recorded. */
public enum RecordLevel {
  /** Everything: bodies and every streamed chunk, masked as the policy says. */
  FULL,
  /** Who, when, which connection and model, status, sizes and timings; no bodies, no chunks. */
  METADATA,
  /** Nothing. */
  OFF
}
