package org.nodeoslab.site.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser and lint on good and broken labs: every message names file:line:column and says what to do. */
class LabLintTest {

    @TempDir
    Path labs;

    private static final String GOOD = """
            ---
            title: Files
            summary: Make a file.
            level: beginner
            minutes: 5
            tags: [fs]
            files:
              - {from: a.txt, to: /home/nodeos/a.txt}
              - from: run.sh
                to: /home/nodeos/run.sh
                mode: "0755"
            ---

            The intro, with **bold**.

            ## Make it

            Type this:

            ```sh
            echo hi > a
            ```

            > Hint: the first hint

            Between the hints.

            > Hint: the second
            > hint, two lines

            > A quote that is no hint.

            ```check
            test -f /home/nodeos/a
            ```

            ```solution
            echo hi > a

            cat a
            ```

            ## Run it

            ```console
            $ node -e 1
            1
            ```

            ```expect
            ^hi$
            ```

            ```check node
            process.exit(require('fs').existsSync('/home/nodeos/a') ? 0 : 1);
            ```

            ```solution
            cat a
            ```
            """;

    private List<ParsedLab> load(String... idsAndTexts) throws IOException {
        for (int i = 0; i < idsAndTexts.length; i += 2) {
            Path dir = Files.createDirectories(labs.resolve(idsAndTexts[i]));
            Files.writeString(dir.resolve("lab.md"), idsAndTexts[i + 1]);
            Files.writeString(dir.resolve("a.txt"), "a");
            Files.writeString(dir.resolve("run.sh"), "echo run");
        }
        return new LabLoader(new ScriptSyntax()).load(labs);
    }

    private List<String> problems(String text) throws IOException {
        return load("01-x", text).get(0).problems().stream().map(LabProblem::toString)
                .map(s -> s.replace(labs.getFileName() + "/", "")).toList();
    }

    private static void assertProblem(List<String> problems, String start, String... words) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(start) && java.util.Arrays.stream(words)
                .allMatch(p::contains)), "no problem \"" + start + "...\" saying " + List.of(words) + " in "
                + problems);
    }

    @Test
    void aGoodLabParsesIntoIntroStepsBlocksAndHints() throws IOException {
        ParsedLab parsed = load("01-files", GOOD).get(0);
        assertEquals(List.of(), parsed.problems());
        Lab lab = parsed.lab();
        assertEquals("Files", lab.title());
        assertEquals("beginner", lab.level());
        assertEquals(5, lab.minutes());
        assertEquals("The intro, with **bold**.", lab.intro());
        assertEquals(2, lab.files().size());
        assertEquals(new LabFile("run.sh", "/home/nodeos/run.sh", 0755, 9), lab.files().get(1));
        assertEquals(0644, lab.files().get(0).mode());
        assertEquals(8, lab.files().get(0).line());

        LabStep make = lab.steps().get(0);
        assertEquals("Make it", make.title());
        assertEquals(16, make.line());
        assertEquals(List.of("the first hint", "the second\nhint, two lines"), make.hints());
        assertEquals("sh", make.check().language());
        assertEquals("test -f /home/nodeos/a\n", make.check().text());
        assertEquals(33, make.check().fenceLine());
        assertEquals(List.of("echo hi > a", "cat a"), make.solutionLines());
        assertEquals(3, make.instructions().size());
        assertEquals(new LabStep.Prose("Type this:"), make.instructions().get(0));
        assertEquals(new LabStep.Commands("echo hi > a", List.of("echo hi > a")), make.instructions().get(1));
        assertEquals(new LabStep.Prose("Between the hints.\n\n> A quote that is no hint."), make.instructions().get(2));

        LabStep run = lab.steps().get(1);
        assertEquals(List.of("node -e 1"), ((LabStep.Commands) run.instructions().get(0)).commands());
        assertEquals("node", run.check().language());
        assertTrue(LabExpect.matches(run.expect(), "$ cat a\r\n\u001b[1mhi\u001b[0m\r\nnodeos:/$ "));
        assertTrue(!LabExpect.matches(run.expect(), "hi there"));
    }

    @Test
    void frontMatterProblemsNameTheLineAndTheFix() throws IOException {
        List<String> p = problems("""
                ---
                title: X
                sumary: typo
                level: expert
                minutes: soon
                prerequisites: [00-nothing]
                starts-from: somewhere
                files:
                  - {from: missing.txt, to: relative/path}
                  - {from: a.txt, to: /a, mode: "9z", owner: me}
                ---
                ## S
                ```check
                true
                ```
                ```solution
                true
                ```
                """);
        assertProblem(p, "01-x/lab.md:1:1:", "needs \"summary:\"");
        assertProblem(p, "01-x/lab.md:3:1:", "unknown key \"sumary\"", "did you mean \"summary\"");
        assertProblem(p, "01-x/lab.md:4:1:", "level \"expert\"", "beginner, intermediate, advanced");
        assertProblem(p, "01-x/lab.md:5:1:", "minutes must be a whole number");
        assertProblem(p, "01-x/lab.md:6:1:", "prerequisite \"00-nothing\" is not a lab");
        assertProblem(p, "01-x/lab.md:7:1:", "only \"startup\"");
        assertProblem(p, "01-x/lab.md:9:1:", "\"from: missing.txt\": no such file beside lab.md");
        assertProblem(p, "01-x/lab.md:9:1:", "\"to: relative/path\" must be an absolute file path");
        assertProblem(p, "01-x/lab.md:10:1: unknown key \"owner\"");
        assertProblem(p, "01-x/lab.md:10:1:", "mode \"9z\" is not a file mode");
    }

    @Test
    void brokenYamlAndMissingFrontMatterAreOneProblemEach() throws IOException {
        assertEquals(List.of("01-x/lab.md:3:1: broken YAML front matter: mapping values are not allowed here"),
                problems("---\ntitle: X\nsummary: a: b: c\n---\n## S\n"));
        assertProblem(problems("# Just Markdown\n"), "01-x/lab.md:1:1:", "starts with its front matter");
    }

    @Test
    void stepsNeedACheckOrExpectAndASolution() throws IOException {
        List<String> p = problems("""
                ---
                title: X
                summary: Y.
                ---
                ```check
                true
                ```
                ## Nothing to check
                Text.
                ## Two checks
                ```check
                true
                ```
                ```check python
                print(1)
                ```
                ```solution
                ```
                """);
        assertProblem(p, "01-x/lab.md:5:1:", "before the first step");
        assertProblem(p, "01-x/lab.md:8:1: step \"Nothing to check\" has no ```check or ```expect block");
        assertProblem(p, "01-x/lab.md:8:1: step \"Nothing to check\" has no ```solution block");
        assertProblem(p, "01-x/lab.md:14:1:", "a second ```check block", "first is on line 11");
        assertProblem(p, "01-x/lab.md:14:1:", "```check python");
        assertProblem(p, "01-x/lab.md:17:1: the ```solution block is empty");
        assertTrue(problems("---\ntitle: X\nsummary: Y.\n---\nNo steps.\n").get(0)
                .startsWith("01-x/lab.md:5:1: the lab has no steps"));
    }

    @Test
    void scriptsThatDoNotParseAreReportedAtTheirLineAndColumn() throws IOException {
        List<String> p = problems("""
                ---
                title: X
                summary: Y.
                ---
                ## Shell
                ```check
                if true; then
                  echo yes
                ```
                ```solution
                echo ok
                ```
                ## Node
                ```check node
                const ok = true;
                let x = ;
                ```
                ```setup
                echo "unclosed
                ```
                ```solution
                echo ok
                ```
                """);
        assertProblem(p, "01-x/lab.md:9:1: the check is not valid shell:", "expecting \"fi\"");
        assertProblem(p, "01-x/lab.md:16:9: the Node.js check does not parse: SyntaxError: Unexpected token ';'");
        assertProblem(p, "01-x/lab.md:", "the setup is not valid shell");
    }

    @Test
    void expectsMustBePortableRegexesThatNeedOutput() throws IOException {
        List<String> p = problems("""
                ---
                title: X
                summary: Y.
                ---
                ## Broken
                ```expect
                hello (world
                ```
                ```solution
                echo
                ```
                ## Empty match
                ```expect
                x*
                ```
                ```solution
                echo
                ```
                ## Java only
                ```expect
                (?i)hello\\z
                ```
                ```solution
                echo
                ```
                """);
        assertProblem(p, "01-x/lab.md:7:", "the expect is not a regular expression", "Unclosed group");
        assertProblem(p, "01-x/lab.md:14:1:", "matches empty output");
        assertProblem(p, "01-x/lab.md:21:1:", "inline flags");
        assertProblem(p, "01-x/lab.md:21:10:", "\\z");
        assertProblem(p, "01-x/lab.md:21:1: JavaScript rejects the expect: Invalid regular expression");
    }

    @Test
    void prerequisitesMustExistAndNotGoRound() throws IOException {
        String a = GOOD.replace("level: beginner", "prerequisites: [02-b, 01-a, 02-c]");
        String b = GOOD.replace("level: beginner", "prerequisites: [01-a]");
        List<ParsedLab> loaded = load("01-a", a, "02-b", b);
        List<String> p = loaded.get(0).problems().stream().map(LabProblem::toString).toList();
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.get(0).endsWith("01-a/lab.md:4:1: prerequisite \"02-b\" (through its own prerequisites) needs"
                + " this lab first: a circle; remove one of the two"), p.get(0));
        assertTrue(p.get(1).contains("lists itself"), p.get(1));
        assertTrue(p.get(2).contains("\"02-c\" is not a lab") && p.get(2).contains("did you mean \"02-b\""), p.get(2));
    }

    @Test
    void theFolderNameIsTheIdAndAnUnknownLabIsNamed() throws IOException {
        List<ParsedLab> loaded = load("Bad Name", GOOD);
        assertProblem(loaded.get(0).problems().stream().map(LabProblem::toString).toList(),
                labs.getFileName() + "/Bad Name/lab.md:1:1:", "lower-case letters");
        ParsedLab unknown = new LabLoader(new ScriptSyntax()).load(labs, List.of("07-none")).get(0);
        assertEquals("07-none:1:1: no such lab: the labs are the folders of " + labs, unknown.problems().get(0)
                .toString());
    }

    @Test
    void theRepositorysLabsHaveNoProblems() {
        List<ParsedLab> all = new LabLoader(new ScriptSyntax()).load(Path.of("../labs"));
        assertTrue(!all.isEmpty());
        for (ParsedLab lab : all) {
            assertEquals(List.of(), lab.problems(), lab.source());
        }
    }
}
