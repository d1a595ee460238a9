package org.nodeoslab.image.debian;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.image.TestAssets;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fetcher's failures say what went wrong and where, and leave no bad file in the cache. */
class FetchErrorsTest {

    private static final URI NOBODY = URI.create("http://127.0.0.1:9/debian");

    @Test
    void noNetworkWithAnEmptyCache(@TempDir Path cache) {
        DebianSettings settings = DebianSettings.defaults().withCacheDir(cache).withMirror(NOBODY)
                .withSecurityMirror(NOBODY);
        FetchException e = assertThrows(FetchException.class, () -> DebianArchive.open(settings, m -> { }));
        assertTrue(e.getMessage().startsWith("network down"), e.getMessage());
        assertTrue(e.getMessage().contains("no cached copy of the index of bookworm in " + cache), e.getMessage());
    }

    @Test
    void missingPackageIsNamed() throws Exception {
        TestAssets.busyboxBoot(); // the indexes are in the cache
        DebianSettings offline = DebianSettings.defaults().withMirror(NOBODY).withSecurityMirror(NOBODY);
        DebianArchive archive = DebianArchive.open(offline, m -> { });
        FetchException e = assertThrows(FetchException.class,
                () -> archive.resolve(List.of("nodejs", "no-such-package-here"), Set.of()));
        assertTrue(e.getMessage().contains("package 'no-such-package-here'"), e.getMessage());
    }

    @Test
    void badChecksumIsRefusedAndNotCached(@TempDir Path cache) throws Exception {
        TestAssets.busyboxBoot();
        // A cache with the real, signed indexes, and a mirror that serves wrong bytes for every package.
        Path real = DebianSettings.defaults().cacheDir();
        copyTree(real.resolve("dists"), cache.resolve("dists"));
        copyTree(real.resolve("by-hash"), cache.resolve("by-hash"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "not the package".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/debian");
            DebianSettings settings = DebianSettings.defaults().withCacheDir(cache).withMirror(mirror)
                    .withSecurityMirror(mirror);
            DebianArchive archive = DebianArchive.open(settings, m -> { });
            PackageRecord busybox = archive.index().get("busybox-static");
            FetchException e = assertThrows(FetchException.class, () -> archive.deb(busybox));
            assertTrue(e.getMessage().startsWith("checksum mismatch for " + mirror + "/pool/"), e.getMessage());
            assertFalse(Files.exists(cache.resolve(busybox.filename())), "the bad download is not kept as the package");
        } finally {
            server.stop(0);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
