package org.nodeoslab.site.labs;

import java.util.List;

/**
 * What the lab page's scripts need to run a lab in the browser, as JSON (embedded in the page and at
 * /labs/ID/lab.json): the files to put into the guest and each step's setup, check, expect and solution.
 * An expect is matched as {@link LabExpect} says: {@code new RegExp(expect, "m")} on the console output since the
 * step began, with terminal escapes and carriage returns removed.
 */
public record LabData(String id, String title, String version, List<File> files, List<Step> steps) {

    /** {@code content} is base64; {@code mode} octal text such as "0644". */
    public record File(String to, String mode, String content) {
    }

    /** {@code check.language} is "sh" or "node"; absent parts are null. */
    public record Step(int number, String title, String anchor, String setup, Check check, String expect,
            List<String> solution, int hints) {
    }

    public record Check(String language, String script) {
    }
}
