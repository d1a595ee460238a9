package org.nodeoslab.site.labs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads every lab in a labs folder (each sub-folder is a lab; hidden ones and ones starting with "_" are not),
 * ordered by id, then lints them together. A broken lab is returned with its problems, never dropped.
 */
public final class LabLoader {

    private final LabParser parser = new LabParser();
    private final LabLint lint;

    public LabLoader(ScriptSyntax syntax) {
        this.lint = new LabLint(syntax);
    }

    public List<ParsedLab> load(Path labsDir) {
        Path root = labsDir.toAbsolutePath().normalize();
        List<ParsedLab> parsed = new ArrayList<>();
        for (Path folder : folders(root)) {
            parsed.add(parser.parse(folder, display(root, folder)));
        }
        return lint.lint(parsed);
    }

    /** Only the labs named (folder names), in the order of the folder; an unknown name is an error lab. */
    public List<ParsedLab> load(Path labsDir, List<String> ids) {
        List<ParsedLab> all = load(labsDir);
        if (ids.isEmpty()) {
            return all;
        }
        List<ParsedLab> out = new ArrayList<>();
        for (String id : ids) {
            String name = Path.of(id).getFileName().toString();
            out.add(all.stream().filter(p -> p.id().equals(name)).findFirst().orElseGet(() -> new ParsedLab(name,
                    id, null, List.of(new LabProblem(id, 1, 1, "no such lab: the labs are the folders of "
                            + labsDir)))));
        }
        return out;
    }

    /** lab.md's path as messages show it: relative to the labs folder's parent (labs/00-hello/lab.md). */
    private static String display(Path root, Path folder) {
        Path base = root.getParent() == null ? root : root.getParent();
        return base.relativize(folder.resolve(LabParser.LAB_FILE)).toString();
    }

    static List<Path> folders(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".")
                            && !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
