package io.mlservice.totara;

import io.mlservice.files.OwnerOnly;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Streams a response body into a file and gives the number of bytes written; refuses a body over a byte limit as
 * soon as its declared length or the bytes received pass it, and stops when the download is abandoned.
 */
final class FileBodySubscriber implements HttpResponse.BodySubscriber<Long> {
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private final Path file;
    private final long limit;
    private final OptionalLong declaredLength;
    private final Progress progress;
    private Flow.Subscription subscription;
    private FileChannel channel;
    private long written;

    FileBodySubscriber(Path file, long limit, OptionalLong declaredLength, Progress progress) {
        this.file = file;
        this.limit = limit;
        this.declaredLength = declaredLength;
        this.progress = progress;
    }

    /** When bytes last arrived, and whether the waiting side gave up; shared between the two threads. */
    static final class Progress {
        private volatile long lastActivity;
        private volatile boolean abandoned;

        Progress(long startNanos) {
            this.lastActivity = startNanos;
        }

        long lastActivity() {
            return lastActivity;
        }

        void touch() {
            lastActivity = System.nanoTime();
        }

        void abandon() {
            abandoned = true;
        }

        boolean abandoned() {
            return abandoned;
        }
    }

    /** The body is larger than the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("the body is larger than " + limit + " bytes");
        }
    }

    /** The local file could not be written: a problem of this machine, not of Totara. */
    static final class WriteFailure extends IOException {
        private static final long serialVersionUID = 1L;

        WriteFailure(Path file, IOException cause) {
            super("Could not write " + file + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        progress.touch();
        if (declaredLength.isPresent() && declaredLength.getAsLong() > limit) {
            fail(new TooLarge(limit));
            return;
        }
        if (progress.abandoned()) {
            fail(new IOException("download abandoned"));
            return;
        }
        try {
            // personal data: owner-only whatever the umask
            OwnerOnly.file(file);
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            fail(new WriteFailure(file, e));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        if (progress.abandoned()) {
            fail(new IOException("download abandoned"));
            return;
        }
        progress.touch();
        try {
            for (ByteBuffer buffer : buffers) {
                written += buffer.remaining();
                if (written > limit) {
                    fail(new TooLarge(limit));
                    return;
                }
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            fail(new WriteFailure(file, e));
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        closeChannel();
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) {
            return;
        }
        try {
            if (channel != null) {
                channel.close();
            }
            result.complete(written);
        } catch (IOException e) {
            result.completeExceptionally(new WriteFailure(file, e));
        }
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }

    private void fail(IOException failure) {
        subscription.cancel();
        closeChannel();
        result.completeExceptionally(failure);
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The download already failed; the caller deletes the file.
        }
    }
}
