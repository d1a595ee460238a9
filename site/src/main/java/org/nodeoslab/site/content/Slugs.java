package org.nodeoslab.site.content;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Jekyll's {@code Utils.slugify}: the same modes and the same results, so old URLs keep working. */
public final class Slugs {

    /** Jekyll's slugify modes. */
    public enum Mode {
        /** Whitespace only becomes a hyphen. */
        RAW(Pattern.compile("\\s+")),
        /** Every run of characters other than letters, marks and digits becomes a hyphen (Jekyll's default). */
        DEFAULT(Pattern.compile("[^\\p{M}\\p{L}\\p{Nd}]+")),
        /** Like default, but keeps the URL-safe punctuation {@code ._~!$&'()+,;=@}. */
        PRETTY(Pattern.compile("[^\\p{M}\\p{L}\\p{Nd}._~!$&'()+,;=@]+")),
        /** Only ASCII letters and digits survive. */
        ASCII(Pattern.compile("[^A-Za-z0-9]+")),
        /** Default after transliterating to ASCII (Jekyll's latin mode): accents dropped, other letters replaced. */
        LATIN(Pattern.compile("[^\\p{M}\\p{L}\\p{Nd}]+"));

        private final Pattern replaced;

        Mode(Pattern replaced) {
            this.replaced = replaced;
        }
    }

    /** Jekyll removes one leading and one trailing hyphen ({@code gsub!(/^-|-$/i, "")}), not every one. */
    private static final Pattern EDGE_HYPHEN = Pattern.compile("^-|-$");

    private Slugs() {
    }

    /** Jekyll's default mode, lower case. */
    public static String slugify(String text) {
        return slugify(text, Mode.DEFAULT, false);
    }

    public static String slugify(String text, Mode mode, boolean keepCase) {
        if (text == null) {
            return "";
        }
        String s = text;
        if (mode == Mode.LATIN) {
            // I18n.transliterate: accents go, anything still not ASCII becomes "?" (which the regexp then replaces).
            s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").replaceAll("[^\\x00-\\x7F]", "?");
        }
        s = mode.replaced.matcher(s).replaceAll("-");
        s = EDGE_HYPHEN.matcher(s).replaceAll("");
        return keepCase ? s : s.toLowerCase(Locale.ROOT);
    }
}
