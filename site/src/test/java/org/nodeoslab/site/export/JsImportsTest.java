package org.nodeoslab.site.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class JsImportsTest {

    @Test
    void fixedModuleNamesAreFoundAndComputedOnesAndLookalikesAreNot() {
        String js = """
                import { BrowserProgressStore, formatTime } from "/js/lab-progress.js";
                import {
                    ConsoleWatcher,
                } from './lab-console.js';
                import "./side-effect.js";
                export { x } from "../shared.js";
                const { startMachine } = await import(modules + "nodeos-machine.js");
                const later = await import("/js/later.js");
                // a comment that says import x from "y" is still read: a missing file fails loudly, never silently
                const text = "we import things";
                """;
        assertEquals(List.of("/js/lab-progress.js", "./lab-console.js", "./side-effect.js", "../shared.js",
                "/js/later.js"), JsImports.of(js).stream().filter(s -> !s.equals("y")).toList());
    }
}
