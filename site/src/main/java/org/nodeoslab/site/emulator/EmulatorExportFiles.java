package org.nodeoslab.site.emulator;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

import org.nodeoslab.site.export.ExportedFiles;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * emulator-web's files in the static export: the page's script imports nodeos-terminal.js, which imports xterm.js
 * and the WebAssembly runtime, which fetches emulator.wasm; no link names them, so the export is told; so are the
 * start-up state's first part and its RAM chunks, which the worker fetches as the guest needs them. The image
 * files need no help: the page links them (and so they are exported, about 45 MB, so that the exported page boots
 * on any static host as it does here).
 */
@Component
class EmulatorExportFiles implements ExportedFiles {

    private static final String ROOT = "META-INF/resources";

    private final EmulatorAssets assets;
    private final StartupStateFile states;

    EmulatorExportFiles(EmulatorAssets assets, StartupStateFile states) {
        this.assets = assets;
        this.states = states;
    }

    @Override
    public List<String> paths() throws IOException {
        TreeSet<String> paths = new TreeSet<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + ROOT + "/emulator/**")) {
            String url = resource.getURL().toString();
            int at = url.lastIndexOf(ROOT + "/emulator/");
            if (resource.isReadable() && !url.endsWith("/") && at >= 0) {
                paths.add(url.substring(at + ROOT.length()));
            }
        }
        // The hashed folder the page imports from, and the start-up state it fetches (named in a data attribute).
        paths.addAll(assets.paths());
        var state = states.state();
        if (state.isPresent()) {
            paths.add(state.get().url());
            paths.add(state.get().fileUrl());
            int chunks;
            try {
                chunks = states.index(state.get()).chunkCount();
            } catch (org.nodeoslab.emulator.pc.state.StateFormatException e) {
                chunks = 0; // served whole as its .start: the page's emulator refuses it, naming the problem
            }
            for (int n = 0; n < chunks; n++) {
                paths.add(state.get().chunkUrl(n));
            }
        }
        return List.copyOf(paths);
    }
}
