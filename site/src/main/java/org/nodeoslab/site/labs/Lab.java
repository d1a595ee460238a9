package org.nodeoslab.site.labs;

import java.nio.file.Path;
import java.util.List;

/**
 * A lab as parsed from {@code labs/<id>/lab.md} (see labs/README.md for the format).
 *
 * @param id            the folder name; labs are ordered by it
 * @param folder        the lab's folder (files named in {@link #files} are relative to it)
 * @param source        the lab.md path as shown in messages ({@code labs/00-hello-nodeos/lab.md})
 * @param title         from the front matter
 * @param summary       one sentence, from the front matter
 * @param level         beginner, intermediate or advanced
 * @param minutes       how long it takes, 0 when not said
 * @param tags          free words
 * @param prerequisites ids of labs to do first
 * @param startsFrom    the machine state the lab starts from: {@code startup}
 * @param files         put into the guest before the lab starts
 * @param intro         the Markdown before the first step
 * @param steps         in order
 */
public record Lab(String id, Path folder, String source, String title, String summary, String level, int minutes,
        List<String> tags, List<String> prerequisites, String startsFrom, List<LabFile> files, String intro,
        List<LabStep> steps) {

    public static final String STARTUP = "startup";

    public Lab {
        tags = List.copyOf(tags);
        prerequisites = List.copyOf(prerequisites);
        files = List.copyOf(files);
        steps = List.copyOf(steps);
    }
}
