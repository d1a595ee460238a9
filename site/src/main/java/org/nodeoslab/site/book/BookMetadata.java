package org.nodeoslab.site.book;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nodeoslab.site.content.ContentException;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The book's title page: mdBook's {@code book.toml} ({@code [book] title, authors, description, language}) or
 * GitBook's {@code book.json} ({@code title, author, description, language}); without either, the folder's name.
 */
public record BookMetadata(String title, List<String> authors, String description, String language) {

    public static BookMetadata read(Path bookDir, String label, List<ContentException> errors) {
        Path toml = bookDir.resolve("book.toml");
        Path json = bookDir.resolve("book.json");
        try {
            if (Files.isRegularFile(toml)) {
                return fromToml(Files.readString(toml), label + "/book.toml", errors);
            }
            if (Files.isRegularFile(json)) {
                return fromJson(Files.readString(json), label + "/book.json", errors);
            }
        } catch (IOException e) {
            errors.add(new ContentException(label, 0, "cannot read the book's settings: " + e.getMessage()));
        }
        return new BookMetadata("Book", List.of(), "", "en");
    }

    static BookMetadata fromToml(String text, String file, List<ContentException> errors) {
        TomlParseResult toml = Toml.parse(text);
        toml.errors().forEach(e -> errors.add(new ContentException(file, e.position() == null ? 0 : e.position().line(),
                e.getMessage().replaceFirst(" \\(line \\d+, column \\d+\\)$", ""))));
        String title = toml.getString("book.title");
        List<String> authors = new ArrayList<>();
        TomlArray array = toml.isArray("book.authors") ? toml.getArray("book.authors") : null;
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                authors.add(String.valueOf(array.get(i)));
            }
        }
        if (title == null) {
            errors.add(new ContentException(file, 1, "no [book] title"));
        }
        return new BookMetadata(title == null ? "Book" : title, List.copyOf(authors),
                orEmpty(toml.getString("book.description")),
                toml.getString("book.language") == null ? "en" : toml.getString("book.language"));
    }

    @SuppressWarnings("unchecked")
    static BookMetadata fromJson(String text, String file, List<ContentException> errors) {
        Object parsed;
        try {
            // JSON is YAML (1.2): SnakeYAML, which the site already uses, reads GitBook's book.json.
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            errors.add(new ContentException(file, 1, "not JSON: " + e.getMessage().lines().findFirst().orElse("")));
            return new BookMetadata("Book", List.of(), "", "en");
        }
        Map<String, Object> map = parsed instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object title = map.get("title");
        Object author = map.get("author");
        List<String> authors = author instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : author == null ? List.of() : List.of(String.valueOf(author));
        if (title == null) {
            errors.add(new ContentException(file, 1, "no \"title\""));
        }
        return new BookMetadata(title == null ? "Book" : String.valueOf(title), authors,
                orEmpty(map.get("description")), map.get("language") == null ? "en" : String.valueOf(map.get("language")));
    }

    private static String orEmpty(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
