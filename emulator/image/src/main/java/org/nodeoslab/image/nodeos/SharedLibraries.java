package org.nodeoslab.image.nodeos;

import org.nodeoslab.image.debian.FetchException;
import org.nodeoslab.image.elf.ElfDependencies;
import org.nodeoslab.image.fs.FsNode;
import org.nodeoslab.image.fs.RootFs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps exactly the shared libraries that the given programs load: follows PT_INTERP and DT_NEEDED from each
 * program through the tree the way ld.so searches (Debian's multiarch folders first), keeps every symlink on the
 * way, and removes the other libraries the packages brought (libc6 alone ships a dozen the image never loads).
 */
public final class SharedLibraries {

    /** ld.so's default search path on Debian i386 (there is no /etc/ld.so.cache in the image). */
    static final List<String> SEARCH_PATH = List.of("lib/i386-linux-gnu", "usr/lib/i386-linux-gnu", "lib", "usr/lib");
    /** Folders of plug-ins loaded with dlopen (OpenSSL providers), which DT_NEEDED cannot show: kept whole. */
    static final List<String> DLOPENED = List.of("usr/lib/i386-linux-gnu/ossl-modules/",
            "usr/lib/i386-linux-gnu/engines-3/");

    private SharedLibraries() {
    }

    /** Prunes {@code tree}; returns the sonames kept, sorted (for the manifest). */
    public static List<String> keepOnlyNeeded(RootFs tree, List<String> programs) throws FetchException {
        Set<String> keep = new TreeSet<>();
        Set<String> sonames = new TreeSet<>();
        Deque<String> work = new ArrayDeque<>(programs);
        Set<String> seen = new TreeSet<>();
        while (!work.isEmpty()) {
            String file = work.poll();
            if (!seen.add(file)) {
                continue;
            }
            FsNode node = tree.get(file);
            if (node == null || node.type() != FsNode.Type.FILE) {
                throw new FetchException("the image has no file " + file + " to take libraries for");
            }
            ElfDependencies deps = ElfDependencies.read(node.data(), file);
            if (deps.interpreter() != null) {
                work.add(follow(tree, deps.interpreter().substring(1), keep, file));
            }
            for (String soname : deps.needed()) {
                sonames.add(soname);
                work.add(find(tree, soname, keep, file));
            }
        }
        List<String> remove = new ArrayList<>();
        for (String path : tree.nodes().keySet()) {
            if (isSharedLibrary(path) && !keep.contains(path) && DLOPENED.stream().noneMatch(path::startsWith)) {
                remove.add(path);
            }
        }
        remove.forEach(tree::remove);
        return new ArrayList<>(sonames);
    }

    static boolean isSharedLibrary(String path) {
        boolean inLibDir = SEARCH_PATH.stream().anyMatch(dir -> path.startsWith(dir + "/"));
        String name = path.substring(path.lastIndexOf('/') + 1);
        return inLibDir && (name.endsWith(".so") || name.contains(".so."));
    }

    private static String find(RootFs tree, String soname, Set<String> keep, String neededBy) throws FetchException {
        for (String dir : SEARCH_PATH) {
            if (tree.resolve(dir + "/" + soname) != null) {
                return follow(tree, dir + "/" + soname, keep, neededBy);
            }
        }
        throw new FetchException(neededBy + " needs " + soname + ", which none of the image's packages holds in "
                + SEARCH_PATH + ": add the Debian package that ships it");
    }

    /** Keeps {@code path} and every symlink from it to the file it finally names; returns that file's path. */
    private static String follow(RootFs tree, String path, Set<String> keep, String neededBy) throws FetchException {
        String p = path;
        for (int hops = 0; hops < 40; hops++) {
            FsNode node = tree.get(p);
            if (node == null) {
                // A folder on the way may itself be a symlink (usrmerge): resolve() knows the tree's links.
                throw new FetchException(neededBy + " needs " + path + ", which is missing from the image");
            }
            keep.add(p);
            if (node.type() != FsNode.Type.SYMLINK) {
                return p;
            }
            String target = node.target();
            p = target.startsWith("/") ? target.substring(1) : p.substring(0, p.lastIndexOf('/') + 1) + target;
            p = normalizeDots(p);
        }
        throw new FetchException("symlink loop at " + path);
    }

    private static String normalizeDots(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
