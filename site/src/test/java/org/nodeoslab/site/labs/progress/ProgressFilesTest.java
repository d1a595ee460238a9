package org.nodeoslab.site.labs.progress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress store on disk, without a server: checked documents, whole-file writes, limits, tokens. */
class ProgressFilesTest {

    private static final ProgressToken TOKEN = new ProgressToken("0123456789abcdef0123456789abcdef");

    @TempDir
    Path dir;

    private static ByteArrayInputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void storesTheCheckedDocumentWholeAndReadsItBack() throws IOException {
        ProgressFiles files = new ProgressFiles(dir.resolve("progress"), 65536);
        files.save(TOKEN, body("""
                {"format": "nodeos-lab-progress", "version": 1, "exported": "2026-12-06T09:00:00Z",
                 "labs": {"02-b": {"passed": [3, 1, 3], "timeMs": 1500.4, "updated": "2026-12-06T09:00:00Z", "machine": true},
                          "01-a": {"passed": []}}}"""));
        String stored = new String(files.load(TOKEN), StandardCharsets.UTF_8);
        // Rewritten from the checked values: steps sorted once, whole milliseconds, no machine flag, labs sorted.
        assertEquals("{\"format\":\"nodeos-lab-progress\",\"version\":1,\"labs\":{"
                + "\"01-a\":{\"passed\":[],\"timeMs\":0,\"updated\":null},"
                + "\"02-b\":{\"passed\":[1,3],\"timeMs\":1500,\"updated\":\"2026-12-06T09:00:00Z\"}}}", stored);
        files.save(TOKEN, body("{\"format\": \"nodeos-lab-progress\", \"version\": 1, \"labs\": {}}"));
        assertEquals("{\"format\":\"nodeos-lab-progress\",\"version\":1,\"labs\":{}}",
                new String(files.load(TOKEN), StandardCharsets.UTF_8));
        try (Stream<Path> left = Files.list(dir.resolve("progress"))) {
            assertEquals(List.of(TOKEN.value() + ".json"), left.map(p -> p.getFileName().toString()).toList(),
                    "one file per token, no temporary file left");
        }
    }

    @Test
    void aRejectedDocumentLeavesTheStoredOneAsItWas() {
        ProgressFiles files = new ProgressFiles(dir, 65536);
        files.save(TOKEN, body("{\"format\": \"nodeos-lab-progress\", \"version\": 1, \"labs\": {\"a\": {\"passed\": [1]}}}"));
        byte[] before = files.load(TOKEN);
        assertThrows(ProgressProblem.class, () -> files.save(TOKEN, body("{\"format\": \"nodeos-lab-progress\"")));
        assertArrayEquals(before, files.load(TOKEN));
    }

    @Test
    void nothingSavedIsNotFound() {
        ProgressProblem problem = assertThrows(ProgressProblem.class, () -> new ProgressFiles(dir, 100).load(TOKEN));
        assertEquals(ProgressProblem.Kind.NOT_FOUND, problem.kind());
    }

    @Test
    void aDocumentOverTheLimitIsRefusedUnread() {
        ProgressFiles files = new ProgressFiles(dir, 100);
        String big = "{\"format\": \"nodeos-lab-progress\", \"version\": 1, \"labs\": {}}" + " ".repeat(100);
        ProgressProblem problem = assertThrows(ProgressProblem.class, () -> files.save(TOKEN, body(big)));
        assertEquals(ProgressProblem.Kind.TOO_LARGE, problem.kind());
        assertTrue(problem.getMessage().contains("larger than 100 bytes"), problem.getMessage());
        assertTrue(!Files.exists(dir.resolve(TOKEN.value() + ".json")));
    }

    @Test
    void eachWrongDocumentIsNamed() {
        String ok = "\"format\": \"nodeos-lab-progress\", \"version\": 1, ";
        String[][] cases = {
            {"not json", "is not JSON"},
            {"[1, 2]", "must be a JSON object"},
            {"{" + ok + "\"labs\": {}} trailing", "is not JSON"},
            {"{" + ok + "\"labs\": {}, \"labs\": {}}", "is not JSON"},
            {"{\"format\": \"other\", \"version\": 1, \"labs\": {}}", "\"format\" must be \"nodeos-lab-progress\""},
            {"{\"format\": \"nodeos-lab-progress\", \"version\": 2, \"labs\": {}}", "\"version\" must be 1"},
            {"{" + ok + "\"labs\": []}", "\"labs\" must be an object"},
            {"{" + ok + "\"labs\": {}, \"admin\": true}", "unknown key 'admin'"},
            {"{" + ok + "\"labs\": {\"../../etc\": {\"passed\": []}}}", "'../../etc' is not a lab id"},
            {"{" + ok + "\"labs\": {\"a\": {\"passed\": [1, 0]}}}", "labs.a.passed[1] must be a whole number from 1"},
            {"{" + ok + "\"labs\": {\"a\": {\"passed\": [\"1\"]}}}", "labs.a.passed[0] must be a whole number"},
            {"{" + ok + "\"labs\": {\"a\": {\"passed\": 1}}}", "labs.a.passed must be a list"},
            {"{" + ok + "\"labs\": {\"a\": {\"passed\": [], \"timeMs\": -1}}}", "labs.a.timeMs must be a number"},
            {"{" + ok + "\"labs\": {\"a\": {\"passed\": [], \"updated\": \"" + "x".repeat(41) + "\"}}}", "labs.a.updated"},
            {"{" + ok + "\"labs\": {\"a\": {\"passed\": [], \"machine\": \"yes\"}}}", "labs.a.machine must be true or false"},
            {"{" + ok + "\"labs\": {\"a\": {\"passed\": [], \"x\": 1}}}", "labs.a has an unknown key 'x'"},
        };
        for (String[] c : cases) {
            ProgressProblem problem = assertThrows(ProgressProblem.class,
                    () -> ProgressDocument.parse(c[0].getBytes(StandardCharsets.UTF_8)), c[0]);
            assertEquals(ProgressProblem.Kind.BAD_REQUEST, problem.kind(), c[0]);
            assertTrue(problem.getMessage().contains(c[1]), c[0] + " -> " + problem.getMessage());
        }
    }

    @Test
    void onlyThirtyTwoLowercaseHexDigitsAreAToken() {
        for (String bad : new String[] {null, "", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcde",
            "0123456789abcdef0123456789abcdef0", "../../../../etc/passwd", "0123456789abcdef0123456789abcde/",
            "0123456789abcdef0123456789abcde\u0000", "0123456789abcdef0123456789abcdef\n"}) {
            ProgressProblem problem = assertThrows(ProgressProblem.class, () -> new ProgressToken(bad), String.valueOf(bad));
            assertTrue(problem.getMessage().contains("32 lowercase hexadecimal digits"), problem.getMessage());
            assertTrue(problem.getMessage().chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), "printable: " + problem.getMessage());
        }
    }
}
