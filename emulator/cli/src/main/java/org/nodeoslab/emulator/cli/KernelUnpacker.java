package org.nodeoslab.emulator.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import org.nodeoslab.emulator.pc.boot.BootImageException;
import org.nodeoslab.emulator.pc.boot.BzImage;
import org.nodeoslab.emulator.pc.boot.Vmlinux;
import org.tukaani.xz.SingleXZInputStream;

/**
 * Unpacks a bzImage's compressed vmlinux on the host (xz or gzip, the compressions Debian's and most kernels
 * use), for {@code --unpack-kernel}: the guest then starts in the kernel itself instead of its decompressor.
 */
final class KernelUnpacker {
    private KernelUnpacker() {
    }

    static Vmlinux unpack(BzImage kernel) throws BootImageException {
        byte[] payload = kernel.payload();
        int size = (payload[payload.length - 4] & 0xFF) | (payload[payload.length - 3] & 0xFF) << 8
                | (payload[payload.length - 2] & 0xFF) << 16 | (payload[payload.length - 1] & 0xFF) << 24;
        if (size <= 0 || size > (512 << 20)) {
            throw new BootImageException(kernel.name() + ": implausible unpacked kernel size " + size);
        }
        try (InputStream in = decompressor(kernel, payload)) {
            byte[] elf = in.readNBytes(size);
            if (elf.length != size) {
                throw new BootImageException(kernel.name() + ": the kernel unpacked to " + elf.length
                        + " bytes, its header says " + size);
            }
            return new Vmlinux(elf, kernel.name());
        } catch (IOException e) {
            throw new BootImageException(kernel.name() + ": cannot unpack the kernel: " + e.getMessage());
        }
    }

    private static InputStream decompressor(BzImage kernel, byte[] payload) throws IOException, BootImageException {
        InputStream raw = new ByteArrayInputStream(payload, 0, payload.length - 4);
        if ((payload[0] & 0xFF) == 0xFD && payload[1] == '7' && payload[2] == 'z' && payload[3] == 'X') {
            return new SingleXZInputStream(raw);
        }
        if ((payload[0] & 0xFF) == 0x1F && (payload[1] & 0xFF) == 0x8B) {
            return new GZIPInputStream(raw);
        }
        throw new BootImageException(kernel.name() + ": the kernel is compressed with something other than xz or"
                + " gzip; boot it without --unpack-kernel");
    }
}
