package org.nodeoslab.site.labs;

/**
 * A file the lab puts into the guest before it starts.
 *
 * @param from a path beside lab.md, as written in the front matter
 * @param to   the absolute path inside the guest, as root sees it (the student's files are under /home/nodeos/)
 * @param mode the permission bits, e.g. 0644 (octal)
 * @param line the front matter line of the entry
 */
public record LabFile(String from, String to, int mode, int line) {

    public String octalMode() {
        return String.format("%04o", mode);
    }
}
