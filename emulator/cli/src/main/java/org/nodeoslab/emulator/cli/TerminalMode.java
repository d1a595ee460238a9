package org.nodeoslab.emulator.cli;

import java.io.File;
import java.io.IOException;

/**
 * Puts the controlling terminal in raw mode (no line editing, no echo, no signal keys) with {@code stty} while the
 * guest owns the console, and restores it afterwards. Does nothing when standard input is not a terminal.
 */
final class TerminalMode {
    private String saved;

    void enterRaw() {
        if (System.console() == null) {
            return; // pipes: plain bytes
        }
        saved = stty("-g");
        if (saved != null) {
            stty("raw -echo");
            Runtime.getRuntime().addShutdownHook(new Thread(this::restore));
        }
    }

    synchronized void restore() {
        if (saved != null) {
            stty(saved);
            saved = null;
        }
    }

    private static String stty(String args) {
        try {
            Process p = new ProcessBuilder(("stty " + args).split(" "))
                    .redirectInput(new File("/dev/tty")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
