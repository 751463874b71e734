package dev.proctor.review.findings;

/**
 * A message that carried the key an investigator asked about.
 *
 * @param sid its session, which a double click opens
 * @param text when, who, where and in which role, as the list shows it
 */
public record Exposure(String sid, String text) {}
