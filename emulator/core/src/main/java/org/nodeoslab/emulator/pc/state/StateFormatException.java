package org.nodeoslab.emulator.pc.state;

import java.io.IOException;

/** A machine state file that cannot be restored: foreign, truncated, corrupt or of another version. */
public final class StateFormatException extends IOException {
    public StateFormatException(String message) {
        super(message);
    }
}
