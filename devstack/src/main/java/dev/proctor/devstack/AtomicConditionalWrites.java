package dev.proctor.devstack;

import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Makes s3proxy's conditional writes atomic, as they are on AWS S3. s3proxy 4.1 checks {@code
 * If-Match} and {@code If-None-Match} against the object's metadata and then writes, so two writers
 * that checked the same version can both succeed. Here every write of a key holds that key's lock,
 * and a conditional write checks its condition again under it.
 */
final class AtomicConditionalWrites extends ForwardingBlobStore {
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  AtomicConditionalWrites(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
    Object lock = locks.computeIfAbsent(request.bucket() + "/" + request.key(), k -> new Object());
    synchronized (lock) {
      if (request.ifMatch() != null || request.ifNoneMatch() != null) {
        HeadObjectResponse current =
            delegate().blobMetadataIfPresent(request.bucket(), request.key());
        boolean exists = current != null;
        if ("*".equals(request.ifNoneMatch()) && exists) {
          throw S3Exceptions.preconditionFailed(null);
        }
        if (request.ifMatch() != null
            && (!exists || !unquoted(current.eTag()).equals(unquoted(request.ifMatch())))) {
          throw S3Exceptions.preconditionFailed(null);
        }
      }
      return delegate().putBlob(request, content);
    }
  }

  private static String unquoted(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }
}
