package org.nodeoslab.emulator.cli;

import java.io.ByteArrayOutputStream;

/**
 * The runner's escape key on the console input: Ctrl-A followed by X (quit), S (save state) or Ctrl-A (a
 * literal Ctrl-A for the guest). Everything else passes through to the guest unchanged.
 */
final class EscapeKeys {
    static final int CTRL_A = 0x01;

    enum Action { NONE, QUIT, SAVE }

    private boolean escaped;

    /** Filters {@code length} input bytes: guest bytes go to {@code toGuest}; returns the first action seen. */
    Action filter(byte[] data, int length, ByteArrayOutputStream toGuest) {
        Action action = Action.NONE;
        for (int i = 0; i < length; i++) {
            int b = data[i] & 0xFF;
            if (escaped) {
                escaped = false;
                switch (b) {
                    case 'x': case 'X':
                        return Action.QUIT;
                    case 's': case 'S':
                        action = Action.SAVE;
                        break;
                    case CTRL_A:
                        toGuest.write(CTRL_A);
                        break;
                    default:
                        break; // an unknown escape is dropped, as terminal programs do
                }
            } else if (b == CTRL_A) {
                escaped = true;
            } else {
                toGuest.write(b);
            }
        }
        return action;
    }
}
