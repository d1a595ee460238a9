package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodeoslab.site.TestSites;

class ReloadingSnapshotTest {

    @TempDir
    Path dir;

    /** The "value" is the text of every file in the folder, and each read is counted. */
    private final AtomicInteger reads = new AtomicInteger();

    private ReloadingSnapshot<List<String>> texts(boolean reload) {
        return new ReloadingSnapshot<>(reload, () -> ReloadingSnapshot.files(1, dir), fingerprint -> {
            reads.incrementAndGet();
            List<String> out = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    out.add(Files.readString(f));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }

    @Test
    void inReloadModeAnAddedChangedOrRemovedFileIsReadOnTheNextGetAndNothingElseIs() throws Exception {
        TestSites.write(dir.resolve("a.md"), "A");
        ReloadingSnapshot<List<String>> snapshot = texts(true);
        assertEquals(List.of("A"), snapshot.get());
        assertEquals(List.of("A"), snapshot.get());
        assertEquals(1, reads.get(), "nothing changed: read once");

        TestSites.write(dir.resolve("b.md"), "B");
        assertEquals(List.of("A", "B"), snapshot.get());
        TestSites.write(dir.resolve("a.md"), "A, edited");
        assertEquals(List.of("A, edited", "B"), snapshot.get());
        // The same size: the modification time tells.
        TestSites.write(dir.resolve("b.md"), "C");
        Files.setLastModifiedTime(dir.resolve("b.md"), FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(List.of("A, edited", "C"), snapshot.get());
        Files.delete(dir.resolve("a.md"));
        assertEquals(List.of("C"), snapshot.get());
        assertEquals(5, reads.get());
    }

    @Test
    void withoutReloadTheFirstValueIsKept() {
        TestSites.write(dir.resolve("a.md"), "A");
        ReloadingSnapshot<List<String>> snapshot = texts(false);
        TestSites.write(dir.resolve("b.md"), "B");
        assertEquals(List.of("A"), snapshot.get());
        assertFalse(snapshot.reloads());
        assertEquals(1, reads.get());
    }

    @Test
    void requestsRacingOneChangeReadItOnce() throws Exception {
        TestSites.write(dir.resolve("a.md"), "A");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowReads = new AtomicInteger();
        ReloadingSnapshot<Integer> snapshot = new ReloadingSnapshot<>(true, () -> ReloadingSnapshot.files(1, dir),
                fingerprint -> {
                    int n = slowReads.incrementAndGet();
                    if (n == 2) { // the read of the change: hold it until every request waits
                        reading.countDown();
                        await(release);
                    }
                    return n;
                });
        TestSites.write(dir.resolve("b.md"), "B");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            answers.add(pool.submit(snapshot::get));
            assertTrue(reading.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                answers.add(pool.submit(snapshot::get));
            }
            Thread.sleep(200);
            release.countDown();
            for (Future<Integer> answer : answers) {
                assertEquals(2, answer.get(10, TimeUnit.SECONDS));
            }
            assertEquals(2, slowReads.get(), "the first read and one for the change");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theFingerprintNamesEachFolderSoAMoveBetweenFoldersCounts() throws Exception {
        Path posts = dir.resolve("posts");
        Path drafts = dir.resolve("drafts");
        TestSites.write(drafts.resolve("x.md"), "X");
        Files.setLastModifiedTime(drafts.resolve("x.md"), FileTime.fromMillis(1_000_000));
        List<String> before = ReloadingSnapshot.files(1, posts, drafts);
        Files.createDirectories(posts);
        Files.move(drafts.resolve("x.md"), posts.resolve("x.md"));
        List<String> after = ReloadingSnapshot.files(1, posts, drafts);
        assertNotEquals(before, after);
        assertEquals(List.of("folder " + posts, "x.md|1|1000000", "folder " + drafts), after);
    }

    @Test
    void theFingerprintGoesAsDeepAsAskedAndAMissingFolderHasNoFiles() {
        TestSites.write(dir.resolve("lab/lab.md"), "L");
        TestSites.write(dir.resolve("lab/files/deep/x.txt"), "X");
        assertEquals(1, ReloadingSnapshot.files(2, dir).stream().filter(l -> l.startsWith("lab/")).count());
        assertEquals(2, ReloadingSnapshot.files(4, dir).stream().filter(l -> l.startsWith("lab/")).count());
        assertEquals(List.of("folder " + dir.resolve("none")), ReloadingSnapshot.files(1, dir.resolve("none")));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
