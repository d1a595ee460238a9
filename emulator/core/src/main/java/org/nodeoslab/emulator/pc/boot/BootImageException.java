package org.nodeoslab.emulator.pc.boot;

/** A kernel or initrd that cannot be booted, with a message saying which file and why. */
public final class BootImageException extends Exception {
    public BootImageException(String message) {
        super(message);
    }
}
