package org.nodeoslab.site.content;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Jekyll post file name, {@code YYYY-MM-DD-title.md} or {@code .markdown}. The date is the fallback when the
 * front matter has none; the title part is Jekyll's {@code :title}, kept exactly as written.
 *
 * @param date  the date in the name, or null for a draft (drafts have no date in their name)
 * @param title the part after the date, without extension
 */
public record PostFileName(LocalDate date, String title) {

    private static final Pattern POST = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})-(.+)\\.(md|markdown)$");
    private static final Pattern DRAFT = Pattern.compile("^(.+)\\.(md|markdown)$");

    /** True when the name has a post's shape, whether or not its date exists. */
    public static boolean isPostName(String fileName) {
        return POST.matcher(fileName).matches();
    }

    /**
     * Parses a post's file name.
     *
     * @return empty when the name is not a post's
     * @throws ContentException when it is, but its date does not exist (2016-02-30)
     */
    public static Optional<PostFileName> parsePost(String displayPath, String fileName) {
        Matcher m = POST.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            return Optional.of(new PostFileName(date, m.group(4)));
        } catch (DateTimeException e) {
            throw new ContentException(displayPath, 1,
                    "impossible date in the file name \"" + m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "\"");
        }
    }

    public static PostFileName parseDraft(String fileName) {
        Matcher m = DRAFT.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Markdown file: " + fileName);
        }
        return new PostFileName(null, m.group(1));
    }
}
