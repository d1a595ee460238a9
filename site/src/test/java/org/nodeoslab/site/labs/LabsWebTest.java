package org.nodeoslab.site.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodeoslab.site.TestSites.get;
import static org.nodeoslab.site.TestSites.write;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nodeoslab.site.export.ExportFailed;
import org.nodeoslab.site.export.StaticExport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The labs on the site in dev mode: the catalogue, a lab's page and its step data, a broken lab shown as an error
 * card beside the good one, the live preview's version changing on save, and the export refusing the broken lab.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "site.reload=true")
class LabsWebTest {

    private static final Path ROOT;
    private static final Path LABS;
    private static final String GOOD = """
            ---
            title: Files & folders
            summary: Make a file.
            level: beginner
            minutes: 7
            files:
              - {from: note.txt, to: /home/nodeos/note.txt}
            ---

            Files live in *folders*.

            ## Make a file

            Type:

            ```sh
            echo hi > a
            ```

            > Hint: use echo

            > Hint: then >

            ```check
            test -f /home/nodeos/a || { echo "no file a </script>"; exit 1; }
            ```

            ```solution
            echo hi > a
            ```

            ## Read it

            ```expect
            ^hi$
            ```

            ```solution
            cat a
            ```
            """;

    static {
        try {
            ROOT = Files.createTempDirectory("site-labs-test");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        LABS = ROOT.resolve("labs");
        write(LABS.resolve("01-files/lab.md"), GOOD);
        write(LABS.resolve("01-files/note.txt"), "a note\n");
        write(LABS.resolve("02-broken/lab.md"), "---\ntitle: Broken one\nsumary: typo\n---\n## S\n");
    }

    @DynamicPropertySource
    static void labs(DynamicPropertyRegistry registry) {
        registry.add("site.labs.dir", LABS::toString);
    }

    @AfterAll
    static void removeFixtures() {
        FileSystemUtils.deleteRecursively(ROOT.toFile());
    }

    @LocalServerPort
    int port;

    @Autowired
    StaticExport export;

    @Test
    void theCatalogueListsGoodLabsAndShowsBrokenOnesAsErrorCards() {
        HttpResponse<String> page = get(port, "/labs/");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<a href=\"/labs/\" aria-current=\"page\">Labs</a>"), "the header's Labs link");
        assertTrue(html.contains("<a href=\"/labs/01-files/\">Files &amp; folders</a>"), html);
        assertTrue(html.contains("<span class=\"lab-minutes\">7 min</span>"), html);
        assertTrue(html.contains("labs/02-broken/lab.md:3:1: unknown key &quot;sumary&quot; (did you mean"), html);
        assertTrue(html.contains("labs/02-broken/lab.md:5:1: step &quot;S&quot; has no ```solution block"), html);
    }

    @Test
    void aLabPageShowsStepsHintsHiddenAndTheSolutionOnlyWhereThereAreNoHints() {
        HttpResponse<String> page = get(port, "/labs/01-files/");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<p>Files live in <em>folders</em>.</p>"), html);
        assertTrue(html.contains("<span class=\"lab-step-title\">Make a file</span>"), html);
        assertTrue(html.contains("data-paste=\"echo hi &gt; a\""), html);
        assertTrue(html.contains("<li class=\"lab-hint\" hidden><p>use echo</p>"), html);
        // Step 1 has hints: its solution waits for them (lab-page.js shows it after the last); step 2 has none.
        assertTrue(html.contains("<p class=\"lab-solution-later\" role=\"status\">The solution is offered after the last hint.</p>"), html);
        assertTrue(html.contains("<details class=\"lab-solution\" hidden=\"hidden\">"), html);
        String step2 = html.substring(html.indexOf("id=\"step-2\""));
        assertTrue(step2.contains("<details class=\"lab-solution\">") && !step2.contains("lab-solution-later"), step2);
        assertTrue(html.contains("data-live=\"true\""), html);
        assertTrue(!html.contains("no file a </script>"), "the embedded JSON cannot close its script element");
    }

    @Test
    void theStepDataIsJsonForThePagesScripts() throws Exception {
        HttpResponse<String> response = get(port, "/labs/01-files/lab.json");
        assertEquals(200, response.statusCode());
        JsonNode data = JsonMapper.builder().build().readTree(response.body());
        assertEquals("01-files", data.get("id").asString());
        JsonNode step = data.get("steps").get(0);
        assertEquals("sh", step.get("check").get("language").asString());
        assertTrue(step.get("check").get("script").asString().startsWith("test -f /home/nodeos/a"));
        assertEquals("echo hi > a", step.get("solution").get(0).asString());
        assertEquals(2, step.get("hints").asInt());
        JsonNode file = data.get("files").get(0);
        assertEquals("/home/nodeos/note.txt", file.get("to").asString());
        assertEquals("0644", file.get("mode").asString());
        assertEquals("a note\n", new String(java.util.Base64.getDecoder().decode(file.get("content").asString())));
    }

    @Test
    void aBrokenLabsPageIsItsErrorCard() {
        HttpResponse<String> page = get(port, "/labs/02-broken/");
        assertEquals(500, page.statusCode());
        assertTrue(page.body().contains("labs/02-broken/lab.md:3:1: unknown key"), page.body());
        assertEquals(404, get(port, "/labs/03-none/").statusCode());
    }

    @Test
    void savingALabFileChangesItsVersionAndPage() throws Exception {
        Path lab = LABS.resolve("03-live/lab.md");
        write(lab, GOOD);
        write(LABS.resolve("03-live/note.txt"), "x");
        String before = get(port, "/labs/03-live/version").body();
        write(lab, GOOD.replace("title: Files & folders", "title: Saved again"));
        Files.setLastModifiedTime(lab, FileTime.from(Instant.now().plusSeconds(5)));
        String after = get(port, "/labs/03-live/version").body();
        assertNotEquals(before, after);
        assertTrue(get(port, "/labs/03-live/").body().contains("<h1>Saved again</h1>"));
        FileSystemUtils.deleteRecursively(LABS.resolve("03-live").toFile());
    }

    @Test
    void theExportRefusesABrokenLabNamingFileAndLine() {
        ExportFailed failed = assertThrows(ExportFailed.class,
                () -> export.export(URI.create("http://127.0.0.1:" + port), ROOT.resolve("export")));
        assertTrue(failed.getMessage().contains("labs/02-broken/lab.md:3:1: unknown key \"sumary\""),
                failed.getMessage());
    }
}
