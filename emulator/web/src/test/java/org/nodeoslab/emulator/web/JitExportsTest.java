package org.nodeoslab.emulator.web;

import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.jit.wasm.WasmImports;
import org.nodeoslab.emulator.web.jit.JitExports;
import org.teavm.interop.Export;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What generated modules import (jit-wasm's WasmImports) and what the browser build exports for them (JitExports)
 * agree: every import has a public static {@code @Export} of its name with its wasm types, implemented by the
 * WasmHelpers method of the same name, and nothing else is exported there.
 */
class JitExportsTest {
    @Test
    void everyImportIsExportedWithItsTypesAndNothingElse() {
        Map<String, Method> exported = new TreeMap<>();
        for (Method m : JitExports.class.getDeclaredMethods()) {
            Export export = m.getAnnotation(Export.class);
            if (export != null) {
                exported.put(export.name(), m);
            }
        }
        List<String> problems = new ArrayList<>();
        for (WasmImports.Import i : WasmImports.all()) {
            Method m = exported.remove(i.name);
            if (m == null) {
                problems.add(i + ": not exported");
                continue;
            }
            if (!Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())) {
                problems.add(i + ": " + m.getName() + " is not public static");
            }
            if (!m.getName().equals(i.method)) {
                problems.add(i + ": exported by " + m.getName() + ", not by WasmHelpers' " + i.method);
            }
            String wanted = signature(i.params, i.result);
            String actual = signature(m);
            if (!wanted.equals(actual)) {
                problems.add(i.name + ": wasm types " + wanted + ", Java method " + actual);
            }
        }
        for (String extra : exported.keySet()) {
            problems.add(extra + ": exported, but no generated module imports it");
        }
        assertEquals(List.of(), problems, "JitExports against WasmImports (" + WasmImports.count() + " imports)");
    }

    private static String signature(byte[] params, byte result) {
        StringBuilder s = new StringBuilder("(");
        for (byte p : params) {
            s.append(p == WasmImports.I32 ? "i32 " : p == WasmImports.I64 ? "i64 " : "? ");
        }
        return s.toString().trim() + ") -> " + (result == 0 ? "()" : result == WasmImports.I32 ? "i32" : "i64");
    }

    private static String signature(Method m) {
        StringBuilder s = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            s.append(type(p)).append(' ');
        }
        Class<?> r = m.getReturnType();
        return s.toString().trim() + ") -> " + (r == void.class ? "()" : type(r));
    }

    private static String type(Class<?> c) {
        return c == int.class ? "i32" : c == long.class ? "i64" : c.getSimpleName();
    }
}
