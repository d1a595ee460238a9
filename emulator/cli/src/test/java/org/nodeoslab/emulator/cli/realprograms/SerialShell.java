package org.nodeoslab.emulator.cli.realprograms;

import java.time.Duration;

import org.nodeoslab.emulator.cli.Guest;
import org.nodeoslab.image.TestInitramfs;

/**
 * Runs commands in the busybox shell on a guest's ttyS0 and returns exactly the bytes they wrote: the shell's echo
 * of the command line is cut off, the tty's CR LF made LF again, and the exit status printed after a marker the
 * echoed line cannot contain (the quote sits between "exit" and the status there).
 */
final class SerialShell {
    private static final String STATUS = "=== exit ";

    private final Guest guest;

    SerialShell(Guest guest) {
        this.guest = guest;
    }

    /** What {@code command} printed; fails unless it exits 0. The command line must fit on one terminal line. */
    String run(String command, Duration timeout) throws Exception {
        guest.send(command + "; echo '" + STATUS.strip() + "' $?\n");
        String echoed = guest.waitFor("\n", timeout);
        String upTo = guest.waitFor(STATUS, timeout);
        String status = guest.waitFor(TestInitramfs.PROMPT, timeout);
        String output = upTo.substring(0, upTo.length() - STATUS.length()).replace("\r\n", "\n");
        String exit = status.substring(0, status.indexOf('\r') < 0 ? status.indexOf('\n') : status.indexOf('\r'));
        if (!exit.equals("0")) {
            throw new AssertionError("'" + echoed.strip() + "' exited " + exit + " in the guest:\n" + output);
        }
        return output;
    }
}
