package org.nodeoslab.image.debian;

import org.junit.jupiter.api.Test;
import org.nodeoslab.image.TestAssets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature check on Debian's real InRelease, as downloaded into the cache by the builder. */
class InReleaseVerifierTest {

    private static byte[] realInRelease() throws Exception {
        TestAssets.busyboxBoot(); // makes sure the index is in the cache
        return Files.readAllBytes(DebianSettings.defaults().cacheDir().resolve("dists/bookworm/InRelease"));
    }

    @Test
    void acceptsDebiansSignatureAndRejectsAnyChange() throws Exception {
        InReleaseVerifier verifier = new InReleaseVerifier(ArchiveKeyring.debian());
        byte[] good = realInRelease();
        String text = verifier.verify(good, "InRelease");
        assertTrue(text.contains("Codename: bookworm"), text.substring(0, 200));

        String tampered = new String(good, StandardCharsets.UTF_8).replaceFirst("Codename: bookworm", "Codename: bookwurm");
        FetchException bad = assertThrows(FetchException.class,
                () -> verifier.verify(tampered.getBytes(StandardCharsets.UTF_8), "tampered InRelease"));
        assertTrue(bad.getMessage().startsWith("BAD signature on tampered InRelease"), bad.getMessage());

        FetchException html = assertThrows(FetchException.class,
                () -> verifier.verify("<html>proxy error</html>".getBytes(StandardCharsets.UTF_8), "x"));
        assertTrue(html.getMessage().contains("not an OpenPGP clearsigned file"), html.getMessage());
    }

    @Test
    void aKeyOutsideThePinnedSetIsNotTrusted() throws Exception {
        byte[] good = realInRelease();
        Path keys = Path.of("src/main/resources/org/nodeoslab/image/debian/debian-archive-keys.asc");
        // Pin only keys that do not sign bookworm's InRelease (bullseye's release and security keys): refused.
        ArchiveKeyring otherKeys;
        try (var in = Files.newInputStream(keys)) {
            otherKeys = ArchiveKeyring.load(in, java.util.Set.of("A4285295FC7B1A81600062A9605C66F00D6C9793",
                    "AC530D520F2F3269F5E98313A48449044AAD5C5D"));
        }
        InReleaseVerifier verifier = new InReleaseVerifier(otherKeys);
        FetchException e = assertThrows(FetchException.class, () -> verifier.verify(good, "InRelease"));
        assertTrue(e.getMessage().contains("is not signed by any of Debian's archive keys"), e.getMessage());
    }
}
