package org.nodeoslab.site.content;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Splits a Jekyll file into YAML front matter and body. Errors name the file line, not the YAML line.
 */
public final class FrontMatterParser {

    private static final Pattern DELIMITER = Pattern.compile("^---\\s*$");
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("^([^\\s#:][^:]*?)\\s*:(\\s|$)");

    /** YAML 1.1's implicit types without timestamps: dates stay text, so {@link JekyllDates} can check them. */
    private static final class NoTimestampResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }

    private FrontMatterParser() {
    }

    public static FrontMatter parse(String displayPath, String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        if (lines.length == 0 || !DELIMITER.matcher(stripBom(lines[0])).matches()) {
            throw new ContentException(displayPath, 1, "no front matter: a post starts with a line \"---\"");
        }
        int close = -1;
        for (int i = 1; i < lines.length; i++) {
            if (DELIMITER.matcher(lines[i]).matches() || lines[i].equals("...")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            throw new ContentException(displayPath, 1, "front matter is not closed by a line \"---\"");
        }
        StringBuilder yamlText = new StringBuilder();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        for (int i = 1; i < close; i++) {
            yamlText.append(lines[i]).append('\n');
            Matcher m = TOP_LEVEL_KEY.matcher(lines[i]);
            if (m.find()) {
                keyLines.putIfAbsent(m.group(1).trim(), i + 1);
            }
        }
        Map<String, Object> data = load(displayPath, yamlText.toString(), 2);
        StringBuilder body = new StringBuilder();
        for (int i = close + 1; i < lines.length; i++) {
            body.append(lines[i]);
            if (i < lines.length - 1) {
                body.append('\n');
            }
        }
        return new FrontMatter(data, body.toString(), close + 2, keyLines);
    }

    /**
     * A whole YAML file (Jekyll's {@code _config.yml}) as top-level keys, with each key's line for messages.
     *
     * @throws ContentException naming the file and line of a YAML error
     */
    static FrontMatter parseYamlFile(String displayPath, String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = TOP_LEVEL_KEY.matcher(lines[i]);
            if (m.find()) {
                keyLines.putIfAbsent(m.group(1).trim(), i + 1);
            }
        }
        return new FrontMatter(load(displayPath, text.replace("\r\n", "\n"), 1), "", lines.length + 1, keyLines);
    }

    /** @param firstLine the file line of the YAML text's first line */
    private static Map<String, Object> load(String displayPath, String yamlText, int firstLine) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
                new NoTimestampResolver());
        Object loaded;
        try {
            loaded = yaml.load(yamlText);
        } catch (MarkedYAMLException e) {
            Mark problemMark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = problemMark == null ? 1 : problemMark.getLine() + firstLine;
            StringBuilder problem = new StringBuilder(firstLine == 1 ? "broken YAML: " : "broken YAML front matter: ")
                    .append(e.getProblem() != null ? e.getProblem() : e.getMessage());
            Mark contextMark = e.getContextMark();
            if (e.getContext() != null && contextMark != null && contextMark.getLine() + firstLine != line) {
                // Where the unfinished construct began is usually where the typo is.
                problem.append(" (").append(e.getContext().replaceFirst("^while (parsing|scanning) an? ", "the ")).append(" started on line ")
                        .append(contextMark.getLine() + firstLine).append(')');
            }
            throw new ContentException(displayPath, line, problem.toString());
        } catch (YAMLException e) {
            throw new ContentException(displayPath, firstLine, "broken YAML: " + e.getMessage());
        }
        if (loaded == null) {
            return Map.of();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new ContentException(displayPath, firstLine, (firstLine == 1 ? "" : "front matter ") + "must be \"key: value\" lines");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        map.forEach((k, v) -> data.put(String.valueOf(k), v));
        return data;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
