package org.nodeoslab.image.cpio;

import org.tukaani.xz.LZMA2Options;

import org.tukaani.xz.XZOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** The initramfs compressions the kernel unpacks, with fixed settings so the output bytes are reproducible. */
public enum Compression {
    /** gzip level 9; Java's GZIP header carries no timestamp or name, so it is deterministic. */
    GZIP(".gz"),
    /** xz with CRC32 checks: the kernel's xz decoder supports only CRC32 or none. */
    XZ(".xz");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public static Compression parse(String name) {
        return switch (name.toLowerCase()) {
            case "gz", "gzip" -> GZIP;
            case "xz" -> XZ;
            default -> throw new IllegalArgumentException("unknown compression '" + name + "' (use gzip or xz)");
        };
    }

    public OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPOutputStream(out, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            };
            case XZ -> new XZOutputStream(out, new LZMA2Options(6), org.tukaani.xz.XZ.CHECK_CRC32);
        };
    }
}
