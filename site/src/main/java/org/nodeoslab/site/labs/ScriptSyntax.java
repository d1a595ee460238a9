package org.nodeoslab.site.labs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a lab's scripts with the real tools, without running them: {@code sh -n} for shell (setup, shell checks,
 * solutions), {@code node --check} for Node.js checks, and {@code new RegExp} in Node for expects. Results are
 * cached by text, so a live reload re-checks only what changed. A missing tool is one problem, not a crash.
 */
public final class ScriptSyntax {

    /** A syntax error at a line of the script (1-based) and a column (1-based, 1 when unknown). */
    record Error(int line, int column, String message) {
    }

    private static final Pattern SH_LINE = Pattern.compile("^[^:]*:\\s*(?:line\\s*)?(\\d+):\\s*(.*)$");
    private static final Pattern NODE_LINE = Pattern.compile(":(\\d+)$");
    private static final long TIMEOUT_SECONDS = 20;

    private final Map<String, List<Error>> cache = new ConcurrentHashMap<>();

    /** Syntax errors of a busybox sh script (checked with the host's POSIX sh, which is stricter, not looser). */
    List<Error> shell(String script) {
        return cache.computeIfAbsent("sh\0" + script, k -> run(script, ".sh", "sh", "-n"));
    }

    /** Syntax errors of a Node.js check script. */
    List<Error> node(String script) {
        return cache.computeIfAbsent("node\0" + script, k -> run(script, ".js", "node", "--check"));
    }

    /** The problem JavaScript has with a regular expression that Java accepted, or null. */
    String javascriptRegex(String regex) {
        List<Error> errors = cache.computeIfAbsent("re\0" + regex, k -> run(
                "try { new RegExp(" + jsString(regex) + ", 'm'); } catch (e) { console.log(e.message); process.exit(1); }\n",
                ".js", "node"));
        return errors.isEmpty() ? null : errors.get(0).message();
    }

    private static List<Error> run(String script, String suffix, String... command) {
        Path file = null;
        try {
            file = Files.createTempFile("lab-check", suffix);
            Files.writeString(file, script, StandardCharsets.UTF_8);
            List<String> argv = new ArrayList<>(List.of(command));
            argv.add(file.toString());
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of(new Error(1, 1, command[0] + " did not finish checking the script"));
            }
            if (p.exitValue() == 0) {
                return List.of();
            }
            String text = new String(out, StandardCharsets.UTF_8).replace(file.toString(), "script");
            return List.of(command[0].equals("sh") ? shellError(text) : nodeError(text));
        } catch (IOException e) {
            return List.of(new Error(1, 1, "cannot run " + command[0] + " to check the script (" + e.getMessage()
                    + "): install it"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(new Error(1, 1, "interrupted while checking the script"));
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** dash says "script: 3: Syntax error: ..."; busybox "sh: script: line 3: syntax error: ...". */
    static Error shellError(String output) {
        for (String line : output.split("\n")) {
            Matcher m = SH_LINE.matcher(line.replaceFirst("^sh: ", ""));
            if (m.matches()) {
                return new Error(Integer.parseInt(m.group(1)), 1, m.group(2).trim());
            }
        }
        return new Error(1, 1, output.trim());
    }

    /** Node prints "script:LINE", the line, a caret under the column, then "SyntaxError: ...". */
    static Error nodeError(String output) {
        String[] lines = output.split("\n");
        int line = 1, column = 1;
        String message = output.trim();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = NODE_LINE.matcher(lines[i]);
            if (i == 0 && m.find()) {
                line = Integer.parseInt(m.group(1));
            }
            if (lines[i].matches("\\s*\\^+\\s*")) {
                column = lines[i].indexOf('^') + 1;
            }
            if (lines[i].matches("^[A-Za-z]*Error: .*")) {
                message = lines[i].trim();
                break;
            }
        }
        if (lines.length == 1) {
            message = lines[0].trim(); // the RegExp probe prints the message alone
        }
        return new Error(line, column, message);
    }

    private static String jsString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
