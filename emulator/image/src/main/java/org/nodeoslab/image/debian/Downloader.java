package org.nodeoslab.image.debian;

import org.nodeoslab.image.fs.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Downloads a URL into a file, atomically, with errors that name the URL and say what went wrong. */
public class Downloader {

    /** Told about each download, e.g. to print a progress line. */
    @FunctionalInterface
    public interface Listener {
        void downloading(URI url);
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private Listener listener = url -> { };

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Downloads {@code url} to {@code target}; a failed download leaves no file (and keeps an older one). */
    public void download(URI url, Path target) throws IOException {
        listener.downloading(url);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10))
                .header("User-Agent", "nodeos-lab-image/0.1").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while downloading " + url, e);
        } catch (IOException e) {
            throw new FetchException(networkProblem(e) + " while downloading " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                throw new NotOnMirrorException("not found on the mirror (HTTP 404): " + url
                        + " — the index may be newer than the mirror; run again with --refresh");
            }
            if (response.statusCode() != 200) {
                throw new FetchException("HTTP " + response.statusCode() + " while downloading " + url);
            }
            AtomicFiles.write(target, (OutputStream out) -> body.transferTo(out));
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            if (AtomicFiles.isDiskFull(e)) {
                throw e;
            }
            throw new FetchException(networkProblem(e) + " while downloading " + url, e);
        }
    }

    /** Downloads into memory (small files: InRelease). */
    public byte[] fetch(URI url, Path scratch) throws IOException {
        download(url, scratch);
        try {
            return Files.readAllBytes(scratch);
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static String networkProblem(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "network down (unknown host " + t.getMessage() + ")";
            }
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return "network down (cannot connect: " + t + ")";
            }
            if (t instanceof HttpTimeoutException) {
                return "network too slow (timed out)";
            }
        }
        return "network error (" + e + ")";
    }
}
