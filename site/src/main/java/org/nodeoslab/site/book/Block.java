package org.nodeoslab.site.book;

/** A chapter's lines as the engine sees them: what to number, what to leave alone, what to rewrite. */
sealed interface Block {

    SourceLine line();

    /** A line of prose outside code: references and citations in it are resolved. */
    record Text(SourceLine line) implements Block {
    }

    /** A line inside a code block, or a fence: copied as written. */
    record Verbatim(SourceLine line) implements Block {
    }

    /** An ATX heading. */
    record Heading(SourceLine line, int level, String titleMarkdown, String plainTitle, String id, String number)
            implements Block {
    }

    /** {@code ![Caption](x.svg){#fig:label}} alone on its line. */
    record Figure(SourceLine line, String captionMarkdown, String src, Target target, Attributes attributes)
            implements Block {
    }

    /** {@code Table: Caption {#tbl:label}} after a table; target null when unlabelled. */
    record TableCaption(SourceLine line, String captionMarkdown, Target target) implements Block {
    }

    /** An opening fence with {@code {#lst:label caption="..."}}. */
    record ListingStart(SourceLine line, String fence, String language, String captionMarkdown, Target target)
            implements Block {
    }

    /** The closing fence of a listing. */
    record ListingEnd(SourceLine line) implements Block {
    }

    /** {@code {{#chart data/x.csv type=bar x=.. y=.. title=".."}}}, optionally followed by {@code {#fig:label}}. */
    record Chart(SourceLine line, String arguments, Target target) implements Block {
    }
}
