package org.nodeoslab.site;

/** The posts folder the settings name does not exist: the site refuses to start (see {@link ContentFolders}). */
public class ContentMissing extends RuntimeException {

    public ContentMissing(String folder, String searched) {
        super("The blog's posts folder " + folder + " does not exist"
                + (searched == null ? "." : " (no posts/ folder in " + searched + ")."));
    }
}
