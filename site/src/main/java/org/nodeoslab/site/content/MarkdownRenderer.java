package org.nodeoslab.site.content;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.vladsch.flexmark.ext.anchorlink.AnchorLinkExtension;
import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.footnotes.FootnoteExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.ext.typographic.TypographicExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.LinkResolver;
import com.vladsch.flexmark.html.LinkResolverFactory;
import com.vladsch.flexmark.html.renderer.LinkResolverBasicContext;
import com.vladsch.flexmark.html.renderer.LinkStatus;
import com.vladsch.flexmark.html.renderer.ResolvedLink;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.DataKey;
import com.vladsch.flexmark.util.data.MutableDataSet;

/**
 * GitHub-flavoured Markdown to safe HTML: tables, footnotes, strikethrough, task lists, autolinks, heading ids with
 * anchor links, and kramdown's typography (curly quotes and apostrophes, "..." as an ellipsis, "--" and "---" as
 * dashes; never inside code), as Jekyll's default Markdown prints them. Link targets go through a per-document rewrite (relative links to posts and assets), and the whole
 * output through {@link HtmlSanitizer}. Thread-safe: flexmark's parser and renderer are.
 */
public final class MarkdownRenderer {

    /** Rewrites a link or image URL written in a post; receives the URL as written. */
    public interface LinkRewriter extends UnaryOperator<String> {
        LinkRewriter NONE = url -> url;
    }

    private static final DataKey<LinkRewriter> REWRITER = new DataKey<>("NODEOSLAB_LINK_REWRITER", LinkRewriter.NONE);

    private final Parser parser;
    private final HtmlRenderer renderer;

    public MarkdownRenderer() {
        MutableDataSet options = new MutableDataSet();
        options.set(Parser.EXTENSIONS, List.of(TablesExtension.create(), FootnoteExtension.create(),
                StrikethroughExtension.create(), TaskListExtension.create(), AutolinkExtension.create(),
                AnchorLinkExtension.create(), TypographicExtension.create()));
        options.set(HtmlRenderer.GENERATE_HEADER_ID, true);
        options.set(HtmlRenderer.RENDER_HEADER_ID, true);
        options.set(HtmlRenderer.FENCED_CODE_LANGUAGE_CLASS_PREFIX, "language-");
        options.set(AnchorLinkExtension.ANCHORLINKS_WRAP_TEXT, false);
        options.set(AnchorLinkExtension.ANCHORLINKS_SET_ID, false);
        options.set(AnchorLinkExtension.ANCHORLINKS_ANCHOR_CLASS, "heading-anchor");
        options.set(TablesExtension.CLASS_NAME, "table");
        options.set(FootnoteExtension.FOOTNOTE_BACK_REF_STRING, "\u21a9");
        this.parser = Parser.builder(options).build();
        this.renderer = HtmlRenderer.builder(options).linkResolverFactory(new RewritingResolverFactory()).build();
    }

    public String render(String markdown) {
        return render(markdown, LinkRewriter.NONE);
    }

    public String render(String markdown, LinkRewriter rewriter) {
        Document document = parser.parse(markdown);
        document.set(REWRITER, rewriter);
        return HtmlSanitizer.sanitize(renderer.render(document));
    }

    private static final class RewritingResolverFactory implements LinkResolverFactory {
        @Override
        public Set<Class<?>> getAfterDependents() {
            return null;
        }

        @Override
        public Set<Class<?>> getBeforeDependents() {
            return null;
        }

        @Override
        public boolean affectsGlobalScope() {
            return false;
        }

        @Override
        public LinkResolver apply(LinkResolverBasicContext context) {
            return new LinkResolver() {
                @Override
                public ResolvedLink resolveLink(Node node, LinkResolverBasicContext ctx, ResolvedLink link) {
                    LinkRewriter rewriter = REWRITER.get(ctx.getDocument());
                    String rewritten = rewriter.apply(link.getUrl());
                    return rewritten.equals(link.getUrl()) ? link
                            : link.withStatus(LinkStatus.VALID).withUrl(rewritten);
                }
            };
        }
    }
}
