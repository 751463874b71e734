package dev.proctor.gateway.recording;

import java.time.Instant;

/**
 * Uploads to the object store are failing: since when (the first failure of this run of them) and
 * why the latest failed. The spool keeps every recording meanwhile.
 */
public record UploadFailure(Instant since, String reason) {}
