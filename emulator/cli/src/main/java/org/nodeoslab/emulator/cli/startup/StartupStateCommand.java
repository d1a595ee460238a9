package org.nodeoslab.emulator.cli.startup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.nodeoslab.emulator.cli.Guest.GuestException;
import org.nodeoslab.emulator.cli.MachineLoader;

/**
 * {@code nodeos-emu startup-state [--image DIR] [--out FILE] [--data-out DIR]}: the start-up state of the NodeOS
 * image (the project's cached image by default), from the cache or built; with --out, copied to FILE (its
 * description beside it, as FILE.json); with --data-out, measured for the book ({@link StartupData}). Prints the
 * cached file's path.
 */
public final class StartupStateCommand {
    static final String USAGE = "usage: nodeos-emu startup-state [--image DIR] [--out FILE] [--data-out DIR]"
            + " [--append ARGS]\n"
            + "  Boots the NodeOS image (default: the project's, built if needed) on our PC to nsh's prompt with the\n"
            + "  lab agent ready, saves the machine, caches it under ~/.cache/nodeos-lab/startup-state/ (rebuilt only\n"
            + "  when the image, the state format, the command line, the RAM or the builder change) and prints its path.\n"
            + "  --data-out DIR also restores it, times the restore and the first agent answers, and writes\n"
            + "  DIR/startup-state.csv and .md (the book's data).\n"
            + "  --append ARGS adds kernel arguments (to measure their effect): built afresh into --out's folder, not\n"
            + "  cached; boot.log there holds the whole console.";

    private StartupStateCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path image = null;
        Path target = null;
        Path dataOut = null;
        String append = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--image", "--out", "--data-out", "--append" -> {
                    if (i + 1 >= args.length) {
                        err.println("nodeos-emu startup-state: " + args[i] + " needs a value\n" + USAGE);
                        return 1;
                    }
                    String value = args[++i];
                    switch (args[i - 1]) {
                        case "--image" -> image = Path.of(value);
                        case "--out" -> target = Path.of(value);
                        case "--append" -> append = value;
                        default -> dataOut = Path.of(value);
                    }
                }
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    err.println("nodeos-emu startup-state: unknown argument '" + args[i] + "'\n" + USAGE);
                    return 1;
                }
            }
        }
        if (append != null && target == null) {
            err.println("nodeos-emu startup-state: --append needs --out (such a state is not cached)\n" + USAGE);
            return 1;
        }
        try {
            if (append != null) {
                Path imageDir = image != null ? image : StartupState.projectImage(err::println);
                StartupState.Built built = StartupState.build(imageDir, target.toAbsolutePath().getParent(),
                        StartupState.CMDLINE + " " + append, err::println);
                Files.move(built.state(), target, StandardCopyOption.REPLACE_EXISTING);
                out.println(target);
                return 0;
            }
            StartupState.Built built = image == null
                    ? StartupState.cachedForProjectImage(err::println)
                    : StartupState.cached(image, err::println);
            if (target != null) {
                Path parent = target.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.copy(built.state(), target, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(built.description(), target.resolveSibling(target.getFileName() + ".json"),
                        StandardCopyOption.REPLACE_EXISTING);
                out.println(target);
            } else {
                out.println(built.state());
            }
            if (dataOut != null) {
                err.println("nodeos-emu startup-state: wrote " + StartupData.measure(built).writeTo(dataOut));
            }
            return 0;
        } catch (IOException | MachineLoader.LoadException e) {
            err.println("nodeos-emu startup-state: " + e.getMessage());
            return 1;
        } catch (GuestException e) {
            err.println("nodeos-emu startup-state: the boot did not reach a ready guest: " + e.getMessage());
            return 3;
        }
    }
}
