package org.nodeoslab.emulator.web;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser's path for compiled guest code (nodeos-jit.js and the Java of {@code web.jit}): a module made at run
 * time is compiled and instantiated with TeaVM's exports as its imports, called from Java through the table and the
 * trampoline, and a Java exception thrown by a helper it calls reaches the Java code that called it.
 */
class BrowserJitTest extends BrowserTestBase {
    @Test
    void aModuleMadeAtRunTimeRunsAndAHelpersExceptionReachesJava() {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) evaluate("""
                const probe = emulator.jitSelfTest({ callNanos: 2000000 });
                return { ...probe, stats: emulator.jitStats };
                """, null);
        System.out.println("[jit] probe in chromium: " + result);
        assertEquals("ok", result.get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) result.get("stats");
        assertEquals(3, number(stats.get("modules")), "three loads of the probe module");
        assertEquals(0, number(stats.get("live")), "each released");
        assertEquals(0, number(stats.get("failures")));
        assertTrue(((Number) result.get("intoCompiled")).doubleValue() < 1000, "a call is not a JS round trip");
    }
}
