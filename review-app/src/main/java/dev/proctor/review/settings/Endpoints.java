package dev.proctor.review.settings;

/**
 * Where the workstation reaches things: the recordings bucket (as the index's {@code index.json}
 * holds it) and the gateway's admin API with the identity provider that signs approvers in.
 *
 * @param s3Endpoint empty for AWS itself
 * @param profile the AWS credentials profile; empty for the default chain (or the dev stack's keys)
 */
public record Endpoints(
    String s3Endpoint,
    String region,
    String bucket,
    String prefix,
    String profile,
    String gatewayAdminUrl,
    String issuer,
    String clientId) {

  /** The problems that keep these from being used, as sentences; empty when there are none. */
  public java.util.List<String> problems() {
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (bucket.isBlank()) {
      problems.add("Bucket: give the bucket that holds the recordings.");
    }
    for (String[] url :
        new String[][] {
          {"S3 endpoint", s3Endpoint}, {"Gateway admin URL", gatewayAdminUrl}, {"Issuer", issuer}
        }) {
      if (!url[1].isBlank() && !url[1].matches("https?://[^\\s/]+(/\\S*)?")) {
        problems.add(url[0] + ": '" + url[1] + "' is not an http(s) URL.");
      }
    }
    if (gatewayAdminUrl.isBlank()) {
      problems.add("Gateway admin URL: needed for access requests, e.g. http://127.0.0.1:8081.");
    }
    return problems;
  }
}
