package org.nodeoslab.emulator.pc.state;

/**
 * How a save lays out RAM in chunks: the pages in the order a restored guest first touches them (the start-up
 * state's builder records it), the first {@code eagerPages} of them being what a restored machine needs before its
 * prompt answers (downloaded before it starts) and the next {@code hotPages} what a typical first session needs
 * (fetched in the background right after). Pages not named follow in address order; zero pages are never stored.
 */
public record PageOrder(int[] pages, int eagerPages, int hotPages) {
    /** No order known: every page in address order, none marked eager or hot. */
    public static final PageOrder ADDRESS = new PageOrder(new int[0], 0, 0);

    public PageOrder {
        if (eagerPages < 0 || hotPages < 0 || eagerPages + hotPages > pages.length) {
            throw new IllegalArgumentException("eager " + eagerPages + " + hot " + hotPages + " pages of "
                    + pages.length);
        }
    }
}
