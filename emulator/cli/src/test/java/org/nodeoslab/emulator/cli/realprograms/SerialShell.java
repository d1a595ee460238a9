package org.nodeoslab.emulator.cli.realprograms;

import java.time.Duration;

import org.nodeoslab.emulator.cli.Guest;
import org.nodeoslab.image.TestInitramfs;

/**
 * Runs commands in the busybox shell on a guest's ttyS0 and returns exactly the bytes they wrote. The console
 * carries nothing else: the tty stops echoing (busybox's line editor then reads plainly, so a long command line is
 * not wrapped and echoed back either) and the kernel stops printing on it (its "random: crng init done" arrives
 * whenever the guest's RNG is ready, in the middle of a program's output). The tty's CR LF is made LF again, and
 * the exit status comes after a marker.
 */
final class SerialShell {
    private static final String STATUS = "=== exit ";

    private final Guest guest;

    private SerialShell(Guest guest) {
        this.guest = guest;
    }

    /** Takes over the shell at its prompt. */
    static SerialShell quiet(Guest guest, Duration timeout) throws Exception {
        guest.send("stty -echo; dmesg -n 1\n");
        guest.waitFor(TestInitramfs.PROMPT, timeout);
        return new SerialShell(guest);
    }

    /** What {@code command} printed; fails unless it exits 0. */
    String run(String command, Duration timeout) throws Exception {
        guest.send(command + "; echo '" + STATUS.strip() + "' $?\n");
        String upTo = guest.waitFor(STATUS, timeout);
        String status = guest.waitFor(TestInitramfs.PROMPT, timeout);
        String output = upTo.substring(0, upTo.length() - STATUS.length()).replace("\r\n", "\n");
        String exit = status.substring(0, status.indexOf('\r') < 0 ? status.indexOf('\n') : status.indexOf('\r'));
        if (!exit.equals("0")) {
            throw new AssertionError("'" + command + "' exited " + exit + " in the guest:\n" + output);
        }
        return output;
    }
}
