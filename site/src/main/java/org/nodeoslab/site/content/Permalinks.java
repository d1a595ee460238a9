package org.nodeoslab.site.content;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jekyll permalinks: the built-in styles and patterns with placeholders, expanded for one post.
 * Empty placeholders (no categories) leave no double slashes, as in Jekyll.
 */
public final class Permalinks {

    /** Jekyll's named styles. */
    private static final Map<String, String> STYLES = Map.of(
            "date", "/:categories/:year/:month/:day/:title:output_ext",
            "pretty", "/:categories/:year/:month/:day/:title/",
            "ordinal", "/:categories/:year/:y_day/:title:output_ext",
            "weekdate", "/:categories/:year/W:week/:short_day/:title:output_ext",
            "none", "/:categories/:title:output_ext");

    private static final Pattern PLACEHOLDER = Pattern.compile(":([a-z_]+)");
    private static final Pattern SLASHES = Pattern.compile("/{2,}");

    /** What a permalink can be made of. {@code title} is the file name's title part (or the slug key). */
    public record Parts(ZonedDateTime date, String title, String slug, List<String> categories) {
    }

    private Permalinks() {
    }

    /**
     * True when a site path could climb out of the site or confuse a server: a "." or ".." segment, a backslash,
     * "?", "#", or a control character. Looks at whole segments, so a title such as "Wait... what" is fine.
     */
    public static boolean unsafe(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '?' || c == '#') {
                return true;
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    public static String pattern(String styleOrPattern) {
        return STYLES.getOrDefault(styleOrPattern, styleOrPattern);
    }

    /**
     * @throws IllegalArgumentException for an unknown placeholder, so a typo in the setting is noticed
     */
    public static String expand(String styleOrPattern, Parts parts) {
        String pattern = pattern(styleOrPattern);
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), parts)));
        }
        m.appendTail(out);
        return SLASHES.matcher("/" + out).replaceAll("/");
    }

    private static String value(String name, Parts p) {
        ZonedDateTime d = p.date();
        return switch (name) {
            case "year" -> String.format("%04d", d.getYear());
            case "short_year" -> String.format("%02d", d.getYear() % 100);
            case "month" -> String.format("%02d", d.getMonthValue());
            case "i_month" -> Integer.toString(d.getMonthValue());
            case "short_month" -> d.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "long_month" -> d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "day" -> String.format("%02d", d.getDayOfMonth());
            case "i_day" -> Integer.toString(d.getDayOfMonth());
            case "y_day" -> String.format("%03d", d.getDayOfYear());
            case "week" -> String.format("%02d", d.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "short_day" -> d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "long_day" -> d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "hour" -> String.format("%02d", d.getHour());
            case "minute" -> String.format("%02d", d.getMinute());
            case "second" -> String.format("%02d", d.getSecond());
            case "title" -> p.title();
            case "slug" -> p.slug();
            // Jekyll lower-cases categories in URLs and joins them as folders.
            case "categories" -> p.categories().stream().map(c -> c.toLowerCase(Locale.ROOT))
                    .distinct().collect(Collectors.joining("/"));
            case "slugified_categories" -> p.categories().stream().map(Slugs::slugify)
                    .distinct().collect(Collectors.joining("/"));
            case "output_ext" -> ".html";
            default -> throw new IllegalArgumentException("unknown permalink placeholder :" + name);
        };
    }
}
