package org.nodeoslab.emulator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nodeoslab.image.TestAssets;

/**
 * {@code nodeos-emu shell}: the one command a newcomer needs. It fetches Debian's i386 kernel and busybox (checked
 * against Debian's signed index, cached after the first run), then boots them as {@code boot} would, with the
 * kernel unpacked on the host so the prompt comes in seconds. Any further arguments go to {@code boot}.
 */
final class ShellCommand {
    private ShellCommand() {
    }

    static int run(String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        if (Arrays.asList(args).contains("--help")) {
            stderr.println("usage: nodeos-emu shell [boot options]\n\n"
                    + "Boots Debian's i386 Linux kernel with a busybox initramfs to a shell on this terminal.\n"
                    + "Both come from Debian's archive, verified and cached in ~/.cache/nodeos-lab/test-initramfs.\n"
                    + "Other options are those of nodeos-emu boot (see boot --help); Ctrl-A X quits.");
            return BootCommand.EXIT_OK;
        }
        TestAssets.Boot boot;
        try {
            boot = TestAssets.busyboxBoot(org.nodeoslab.image.debian.DebianSettings.defaults(), stderr::println);
        } catch (IOException e) {
            stderr.println("nodeos-emu shell: cannot get Debian's kernel and busybox: " + e.getMessage());
            return BootCommand.EXIT_USAGE;
        }
        List<String> bootArgs = new ArrayList<>(List.of(
                "--kernel", boot.bzImage().toString(),
                "--initrd", boot.initramfs().toString(),
                "--append", boot.cmdline(),
                "--unpack-kernel"));
        bootArgs.addAll(Arrays.asList(args));
        return BootCommand.run(bootArgs.toArray(new String[0]), stdin, stdout, stderr);
    }
}
