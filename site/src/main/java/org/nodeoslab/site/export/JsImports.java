package org.nodeoslab.site.export;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The modules a JavaScript module loads by a fixed name: {@code import ... from "x"}, {@code export ... from "x"},
 * {@code import "x"} and {@code import("x")}. The export follows them as it follows a page's links (the lab pages'
 * scripts import /js/lab-progress.js and /js/lab-console.js, which no page names). An import whose name is computed
 * ({@code import(folder + "x.js")}) is not seen: its files must reach the export another way (ExportedFiles).
 */
public final class JsImports {

    private static final Pattern STATIC = Pattern.compile(
            "(?m)^\\s*(?:import|export)\\b[^;\"'`]*?\\bfrom\\s*([\"'])([^\"'\\n]+)\\1"
                    + "|(?m)^\\s*import\\s*([\"'])([^\"'\\n]+)\\3"
                    + "|\\bimport\\s*\\(\\s*([\"'])([^\"'\\n]+)\\5\\s*\\)");

    private JsImports() {
    }

    public static List<String> of(String js) {
        List<String> out = new ArrayList<>();
        Matcher m = STATIC.matcher(js);
        while (m.find()) {
            out.add(m.group(2) != null ? m.group(2) : m.group(4) != null ? m.group(4) : m.group(6));
        }
        return out;
    }

    /** Whether a response or file is JavaScript, by its Content-Type or name. */
    static boolean isJavaScript(String contentTypeOrName) {
        return contentTypeOrName.contains("javascript") || contentTypeOrName.endsWith(".js")
                || contentTypeOrName.endsWith(".mjs");
    }
}
