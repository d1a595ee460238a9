package org.nodeoslab.emulator.cli.realprograms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.nodeoslab.image.cpio.NewcCpioWriter;
import org.nodeoslab.image.fs.RootFs;

/**
 * An initramfs made of existing archives followed by one more holding test files: the kernel unpacks concatenated
 * archives in order (a later file replaces an earlier one), each starting 4-byte aligned. The extra archive is left
 * uncompressed: the guest copies it instead of inflating it, which is what an emulated boot pays for.
 */
final class ExtraFiles {
    private ExtraFiles() {
    }

    static Path initramfs(Path out, List<Path> archives, RootFs extra) throws IOException {
        try (OutputStream file = Files.newOutputStream(out)) {
            long written = 0;
            for (Path archive : archives) {
                written += Files.copy(archive, file);
                for (; written % 4 != 0; written++) {
                    file.write(0);
                }
            }
            ByteArrayOutputStream cpio = new ByteArrayOutputStream();
            NewcCpioWriter.write(extra, cpio);
            cpio.writeTo(file);
        }
        return out;
    }
}
