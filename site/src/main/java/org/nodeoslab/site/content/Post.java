package org.nodeoslab.site.content;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One post, ready for templates. Getters are JavaBean-style so templates read {@code post.title}.
 */
public final class Post {

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    /** Why a post is shown only in preview mode, or {@link #PUBLIC}. */
    public enum Visibility {
        PUBLIC, DRAFT, UNPUBLISHED, SCHEDULED
    }

    private final PostParser.Parsed parsed;
    private final String excerptHtml;
    private final String html;
    private final Visibility visibility;

    public Post(PostParser.Parsed parsed, String excerptHtml, String html, Visibility visibility) {
        this.parsed = parsed;
        this.excerptHtml = excerptHtml;
        this.html = html;
        this.visibility = visibility;
    }

    /** Path of the source file, e.g. {@code posts/2016-03-03-x.md}. */
    public String getSourceFile() {
        return parsed.sourceFile();
    }

    /** Jekyll's {@code :title}: the file name's title part, or the {@code slug} key, slugged as Jekyll does. */
    public String getFileTitle() {
        return parsed.fileTitle();
    }

    public String getTitle() {
        return parsed.title();
    }

    public ZonedDateTime getDate() {
        return parsed.date();
    }

    public int getYear() {
        return parsed.date().getYear();
    }

    public String getDisplayDate() {
        return HUMAN.format(parsed.date());
    }

    public String getIsoDate() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(parsed.date());
    }

    public String getAuthor() {
        return parsed.frontMatter().string("author");
    }

    public String getAvatarUrl() {
        return SafeUrls.httpOrNull(parsed.frontMatter().string("avatar-url"));
    }

    /** Jekyll's {@code layout}; "post" when absent. */
    public String getLayout() {
        String layout = parsed.frontMatter().string("layout");
        return layout == null ? "post" : layout;
    }

    public List<String> getTags() {
        return parsed.tags();
    }

    /** The tags with their slug (templates make the address from the blog's paths). */
    public List<TagLink> getTagLinks() {
        return parsed.tags().stream().map(t -> new TagLink(t, Slugs.slugify(t)))
                .filter(t -> !t.slug().isEmpty()).toList();
    }

    /** A tag as a link under a post. */
    public record TagLink(String name, String slug) {
    }

    public List<String> getCategories() {
        return parsed.categories();
    }

    /** Site-relative address as Jekyll computes it, starting with "/", not percent-encoded. */
    public String getUrl() {
        return parsed.url();
    }

    /** {@link #getUrl()} percent-encoded, for href attributes. */
    public String getHref() {
        return SafeUrls.encodePath(parsed.url());
    }

    public String getExcerptHtml() {
        return excerptHtml;
    }

    /** The excerpt as plain text, at most about 200 characters: for the description meta tags. */
    public String getSummary() {
        return PlainText.summary(excerptHtml, 200);
    }

    public String getHtml() {
        return html;
    }

    public Visibility getVisibility() {
        return visibility;
    }

    /** Shown only in preview mode. */
    public boolean isHidden() {
        return visibility != Visibility.PUBLIC;
    }

    /** The {@code comments} count, or null when the post has none. */
    public Integer getComments() {
        Object v = parsed.frontMatter().data().get("comments");
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s && s.trim().matches("\\d{1,9}")) {
            return Integer.valueOf(s.trim());
        }
        return null;
    }

    /** "14 comments", "1 comment", or "Comments" when the count is unknown. */
    public String getCommentsLabel() {
        Integer n = getComments();
        if (n == null) {
            return "Comments";
        }
        return n == 1 ? "1 comment" : n + " comments";
    }

    /** Where the comments are ({@code github-url}), or null. */
    public String getDiscussionUrl() {
        return SafeUrls.httpOrNull(parsed.frontMatter().string("github-url"));
    }

    /** Every front matter key, unknown ones included, for templates: {@code post.data['my-key']}. */
    public Map<String, Object> getData() {
        return parsed.frontMatter().data();
    }

    @Override
    public String toString() {
        return parsed.sourceFile() + " -> " + parsed.url();
    }
}
