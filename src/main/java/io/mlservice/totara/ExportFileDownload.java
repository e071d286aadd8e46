package io.mlservice.totara;

import io.mlservice.config.Setting;
import io.mlservice.format.ByteSize;
import io.mlservice.format.ShortDuration;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The signed download of one export file, streamed into a {@code .part} file and refused over a size limit; a
 * transfer times out only when no bytes arrive for the request timeout. Failures are {@link ExportFetchException}s
 * in an administrator's words, naming the setting to change.
 */
final class ExportFileDownload {
    static final String PATH = "/pluginfile.php/1/ml_recommender/export/";

    private static final Pattern EXPORT_FILE =
            Pattern.compile("tenants\\.csv|(user_interactions|user_data|item_data)_[A-Za-z0-9_-]{1,64}\\.csv");

    private final TotaraConnection connection;

    ExportFileDownload(TotaraConnection connection) {
        this.connection = connection;
    }

    /** See {@link TotaraClient#isExportFile}. */
    static boolean isExportFile(String fileName) {
        return fileName != null && EXPORT_FILE.matcher(fileName).matches();
    }

    /** The address of one export file. */
    URI uriOf(String fileName) {
        return connection.at(PATH + fileName);
    }

    /** See {@link TotaraClient#fetch}. */
    FetchResult fetch(String fileName, Path target, long maxBytes) throws IOException, InterruptedException {
        if (!isExportFile(fileName)) {
            throw new IllegalArgumentException("not a Totara export file name: \"" + fileName + "\"");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long start = System.nanoTime();
        HttpResponse<Long> response = download(fileName, part, maxBytes);
        if (response.statusCode() == 200) {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ExportFreshness.keepLastModified(target, response.headers());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new FetchResult(fileName, response.statusCode(), response.body(), millis);
    }

    /** Sends the signed GET; a 200 body goes to {@code part}, which is deleted again if anything fails. */
    private HttpResponse<Long> download(String fileName, Path part, long maxBytes)
            throws IOException, InterruptedException {
        URI uri = uriOf(fileName);
        FileBodySubscriber.Progress progress = new FileBodySubscriber.Progress(System.nanoTime());
        CompletableFuture<HttpResponse<Long>> pending = connection.send(connection.signed(uri).GET().build(),
                info -> info.statusCode() == 200
                        ? new FileBodySubscriber(part, maxBytes, info.headers().firstValueAsLong("Content-Length"),
                                progress)
                        : BodySubscribers.replacing(0L));
        try {
            return await(pending, progress);
        } catch (ExecutionException e) {
            Files.deleteIfExists(part);
            throw failure(e.getCause(), fileName, uri, maxBytes);
        } catch (TimeoutException e) {
            Files.deleteIfExists(part);
            throw timedOut(uri, e);
        } catch (InterruptedException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> pending,
                                     FileBodySubscriber.Progress progress)
            throws InterruptedException, ExecutionException, TimeoutException {
        long timeout = connection.requestTimeout().toNanos();
        while (true) {
            long left = timeout - (System.nanoTime() - progress.lastActivity());
            try {
                if (left <= 0) {
                    throw new TimeoutException();
                }
                return pending.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Bytes may have arrived while waiting: only an idle connection is a timeout.
                if (timeout - (System.nanoTime() - progress.lastActivity()) <= 0) {
                    abandon(pending, progress);
                    throw e;
                }
            } catch (InterruptedException e) {
                abandon(pending, progress);
                throw e;
            }
        }
    }

    private static void abandon(CompletableFuture<?> pending, FileBodySubscriber.Progress progress) {
        progress.abandon();
        pending.cancel(true);
    }

    /** An {@link ExportFetchException}, or a plain {@link IOException} when the local file could not be written. */
    private IOException failure(Throwable cause, String fileName, URI uri, long maxBytes) {
        Throwable failure = FailureChain.rootOf(cause);
        String url = TotaraConnection.display(uri);
        if (failure instanceof FileBodySubscriber.TooLarge) {
            return new ExportFetchException(TotaraFailure.TOO_LARGE, fileName + " from Totara is larger than the "
                    + "limit of " + ByteSize.wholeMegabytes(maxBytes) + " (" + Setting.MAX_DOWNLOAD_MB.variable()
                    + "); raise the limit if the export is really that big", false);
        }
        if (failure instanceof FileBodySubscriber.WriteFailure local) {
            return local;
        }
        if (FailureChain.has(failure, HttpTimeoutException.class)) {
            return timedOut(uri, failure);
        }
        if (FailureChain.has(failure, UnresolvedAddressException.class)
                || FailureChain.has(failure, UnknownHostException.class)) {
            URI webRoot = connection.webRoot();
            return new ExportFetchException(TotaraFailure.NAME_NOT_FOUND, "Unable to resolve the Totara host "
                    + webRoot.getHost() + " of " + TotaraConnection.display(webRoot) + " ("
                    + Setting.TOTARA_URL.variable() + ")", true, failure);
        }
        if (FailureChain.has(failure, SSLException.class)) {
            return new ExportFetchException(TotaraFailure.TLS, "TLS with Totara at " + url + " failed: "
                    + FailureChain.messageOf(failure, SSLException.class) + ". If Totara's certificate is not signed "
                    + "by a publicly trusted authority, set " + Setting.TRUST_STORE.variable() + " to a trust store "
                    + "holding it", false, failure);
        }
        if (FailureChain.has(failure, ConnectException.class)) {
            return new ExportFetchException(TotaraFailure.UNREACHABLE, "Could not connect to Totara at " + url
                    + ": connection refused (is Totara running, and is " + Setting.TOTARA_URL.variable() + " right?)",
                    true, failure);
        }
        return new ExportFetchException(TotaraFailure.CONNECTION_FAILED, "Unable to fetch " + fileName
                + " from Totara at " + url + ": " + FailureChain.describe(failure), true, failure);
    }

    private ExportFetchException timedOut(URI uri, Throwable cause) {
        return new ExportFetchException(TotaraFailure.TIMED_OUT, "Timed out after "
                + ShortDuration.text(connection.requestTimeout()) + " waiting for Totara at "
                + TotaraConnection.display(uri), true, cause);
    }
}
