package org.nodeoslab.site.book;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.nodeoslab.site.content.ContentException;

/**
 * The book as read at one moment: its pages in reading order, the contents, and every problem found (file:line).
 * Immutable; the PDF and the print page are made from it on demand (see {@link PrintBook}, {@link BookPdf}).
 */
public final class BookSnapshot {

    /**
     * An entry of the contents sidebar.
     *
     * @param url   null for a draft (listed, not linked)
     * @param part  the part title to show before this entry, or null
     */
    public record ContentsItem(String title, String number, String url, int depth, String part, Summary.Kind kind) {

        public String fullTitle() {
            return number == null ? title : number + " " + title;
        }
    }

    private final BookMetadata metadata;
    private final List<ContentsItem> contents;
    private final List<BookPage> pages;
    private final List<ContentException> errors;
    private final Map<String, Integer> indexByUrl = new HashMap<>();
    private final String searchIndex;

    BookSnapshot(BookMetadata metadata, List<ContentsItem> contents, List<BookPage> pages,
                 List<ContentException> errors) {
        this.metadata = metadata;
        this.contents = List.copyOf(contents);
        this.pages = List.copyOf(pages);
        this.errors = List.copyOf(errors);
        for (int i = 0; i < pages.size(); i++) {
            indexByUrl.put(pages.get(i).url(), i);
        }
        this.searchIndex = SearchIndex.json(this.pages);
    }

    public BookMetadata metadata() {
        return metadata;
    }

    public List<ContentsItem> contents() {
        return contents;
    }

    public List<BookPage> pages() {
        return pages;
    }

    public List<ContentException> errors() {
        return errors;
    }

    public Optional<BookPage> page(String url) {
        Integer i = indexByUrl.get(url);
        return i == null ? Optional.empty() : Optional.of(pages.get(i));
    }

    public Optional<BookPage> previous(BookPage page) {
        int i = indexByUrl.getOrDefault(page.url(), -1);
        return i > 0 ? Optional.of(pages.get(i - 1)) : Optional.empty();
    }

    public Optional<BookPage> next(BookPage page) {
        int i = indexByUrl.getOrDefault(page.url(), -1);
        return i >= 0 && i < pages.size() - 1 ? Optional.of(pages.get(i + 1)) : Optional.empty();
    }

    /** The client-side search index (JSON), written at render time so the static export can search too. */
    public String searchIndex() {
        return searchIndex;
    }
}
