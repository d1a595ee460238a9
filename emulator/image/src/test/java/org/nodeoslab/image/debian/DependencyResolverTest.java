package org.nodeoslab.image.debian;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DependencyResolverTest {

    private static final String PACKAGES = """
            Package: app
            Version: 1.0
            Depends: libfoo (>= 2), mail-transport-agent, tool | other-tool
            Pre-Depends: libc
            Filename: pool/a/app.deb
            Size: 1
            SHA256: aa

            Package: libfoo
            Version: 2.1
            Depends: libc
            Filename: pool/l/libfoo.deb
            Size: 1
            SHA256: bb

            Package: libc
            Version: 2.36
            Filename: pool/l/libc.deb
            Size: 1
            SHA256: cc

            Package: postfix
            Version: 3
            Provides: mail-transport-agent
            Filename: pool/p/postfix.deb
            Size: 1
            SHA256: dd

            Package: other-tool
            Version: 1
            Filename: pool/o/other.deb
            Size: 1
            SHA256: ee
            """;

    private static PackageIndex index(String text) throws Exception {
        PackageIndex index = new PackageIndex();
        index.addPackagesFile(new BufferedReader(new StringReader(text)), URI.create("http://mirror"), "bookworm",
                "test Packages");
        return index;
    }

    @Test
    void closesOverDependsPreDependsProvidesAndAlternatives() throws Exception {
        List<PackageRecord> resolved = new DependencyResolver(index(PACKAGES), Set.of()).resolve(List.of("app"));
        assertEquals(List.of("app", "libc", "libfoo", "postfix", "other-tool"),
                resolved.stream().map(PackageRecord::name).toList());
        assertEquals(URI.create("http://mirror/pool/a/app.deb"), resolved.get(0).url());
    }

    @Test
    void missingPackagesAndVersionsAreNamed() throws Exception {
        FetchException missing = assertThrows(FetchException.class,
                () -> new DependencyResolver(index(PACKAGES), Set.of()).resolve(List.of("nodejs")));
        assertTrue(missing.getMessage().contains("package 'nodejs'"), missing.getMessage());

        FetchException tooOld = assertThrows(FetchException.class, () -> new DependencyResolver(
                index(PACKAGES.replace("Version: 2.1", "Version: 1.9")), Set.of()).resolve(List.of("app")));
        assertTrue(tooOld.getMessage().contains("libfoo (>= 2)") && tooOld.getMessage().contains("1.9"),
                tooOld.getMessage());
    }

    @Test
    void aHigherVersionFromASecondSuiteWins() throws Exception {
        PackageIndex index = index(PACKAGES);
        index.addPackagesFile(new BufferedReader(new StringReader(PACKAGES.replace("Version: 2.36", "Version: 2.36+deb12u1"))),
                URI.create("http://security"), "bookworm-security", "security Packages");
        assertEquals("bookworm-security", index.get("libc").suite());
        assertEquals("2.36+deb12u1", index.get("libc").version());
    }

    @Test
    void malformedIndexLinesAreReportedWithFileAndLine() {
        Exception e = assertThrows(Exception.class, () -> index("Package: x\nno colon here\n"));
        assertTrue(e.getMessage().contains("test Packages:2"), e.getMessage());
    }
}
