package org.nodeoslab.site.labs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.nodeoslab.site.SiteProperties;
import org.nodeoslab.site.content.MarkdownRenderer;
import org.nodeoslab.site.content.ReloadingSnapshot;
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
    private final ReloadingSnapshot<LabsSnapshot> current;

    @Autowired
    public Labs(LabsProperties labs, SiteProperties site) {
        this(labs.path(), new MarkdownRenderer(), site.reload());
    }

    public Labs(Path labsDir, MarkdownRenderer markdown, boolean reload) {
        this.labsDir = labsDir.toAbsolutePath().normalize();
        this.renderer = new LabRenderer(markdown);
        // labs/<id>/ and a level or two of the lab's own folders.
        this.current = new ReloadingSnapshot<>(reload, () -> ReloadingSnapshot.files(4, this.labsDir), this::load);
    }

    public boolean live() {
        return current.reloads();
    }

    public LabsSnapshot snapshot() {
        return current.get();
    }

    private LabsSnapshot load(List<String> fingerprint) {
        long start = System.nanoTime();
        List<LabView> views = new ArrayList<>();
        for (ParsedLab parsed : loader.load(labsDir)) {
            views.add(renderer.render(parsed, version(parsed.id(), fingerprint)));
            parsed.problems().forEach(p -> LOG.warn("{}", p));
        }
        LOG.info("read {} labs from {} in {} ms", views.size(), labsDir, (System.nanoTime() - start) / 1_000_000);
        return new LabsSnapshot(views);
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
}
