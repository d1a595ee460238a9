package org.nodeoslab.site.labs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.nodeoslab.site.SiteProperties;
import org.nodeoslab.site.content.MarkdownRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The labs as they are now. Reads the labs folder once; in reload mode (the live preview) it reads it again when a
 * file under it was added, removed or changed since the last request. A broken lab stays in the snapshot with its
 * problems, so the catalogue and the other labs are never affected.
 */
@Service
public class Labs {

    private static final Logger LOG = LoggerFactory.getLogger(Labs.class);

    private final Path labsDir;
    private final LabLoader loader = new LabLoader(new ScriptSyntax());
    private final LabRenderer renderer;
    private final boolean reload;
    private volatile Loaded current;

    private record Loaded(LabsSnapshot snapshot, List<String> fingerprint) {
    }

    @Autowired
    public Labs(LabsProperties labs, SiteProperties site) {
        this(labs.path(), new MarkdownRenderer(), site.reload());
    }

    public Labs(Path labsDir, MarkdownRenderer markdown, boolean reload) {
        this.labsDir = labsDir.toAbsolutePath().normalize();
        this.renderer = new LabRenderer(markdown);
        this.reload = reload;
        this.current = load(fingerprint());
    }

    public boolean live() {
        return reload;
    }

    public LabsSnapshot snapshot() {
        Loaded loaded = current;
        if (reload) {
            List<String> now = fingerprint();
            if (!now.equals(loaded.fingerprint())) {
                synchronized (this) {
                    loaded = current;
                    if (!now.equals(loaded.fingerprint())) {
                        loaded = load(now);
                        current = loaded;
                    }
                }
            }
        }
        return loaded.snapshot();
    }

    private Loaded load(List<String> fingerprint) {
        long start = System.nanoTime();
        List<LabView> views = new ArrayList<>();
        for (ParsedLab parsed : loader.load(labsDir)) {
            views.add(renderer.render(parsed, version(parsed.id(), fingerprint)));
            parsed.problems().forEach(p -> LOG.warn("{}", p));
        }
        LOG.info("read {} labs from {} in {} ms", views.size(), labsDir, (System.nanoTime() - start) / 1_000_000);
        return new Loaded(new LabsSnapshot(views), fingerprint);
    }

    /** A lab's version: a hash of its folder's part of the fingerprint (names, sizes, modification times). */
    private static String version(String id, List<String> fingerprint) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            fingerprint.stream().filter(f -> f.startsWith(id + "/"))
                    .forEach(f -> sha.update((f + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under the labs folder with its size and modification time: cheap enough for each request. */
    private List<String> fingerprint() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(labsDir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(labsDir, 4)) {
            files.filter(Files::isRegularFile).sorted().forEach(f -> {
                try {
                    out.add(labsDir.relativize(f) + "|" + Files.size(f) + "|"
                            + Files.getLastModifiedTime(f).toMillis());
                } catch (IOException e) {
                    out.add(labsDir.relativize(f) + "|gone");
                }
            });
        } catch (IOException e) {
            out.add("|unreadable");
        }
        return out;
    }
}
