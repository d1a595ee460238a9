package org.nodeoslab.emulator.pc.boot;

/**
 * A Linux bzImage as the x86 boot protocol describes it (Documentation/arch/x86/boot.rst): a real-mode setup part
 * of (setup_sects + 1) sectors whose setup header starts at offset 0x1F1, followed by the protected-mode kernel.
 * Only what a 32-bit boot loader needs is read; the constructor rejects anything that is not a bzImage this
 * loader can start.
 */
public final class BzImage {
    static final int HEADER_OFFSET = 0x1F1;
    private static final int MAGIC_HDRS = 0x53726448; // "HdrS"
    /** 2.04: 32-bit syssize; 2.06: cmdline_size; 2.10: init_size and pref_address, which the placement uses. */
    static final int MIN_PROTOCOL = 0x020A;
    private static final int LOADED_HIGH = 0x01;

    private final byte[] file;
    private final String name;
    public final int protocol;
    public final int setupSects;
    public final int initrdAddrMax;
    public final int cmdlineSize;
    public final int kernelAlignment;
    public final boolean relocatable;
    /** Where the kernel wants to run (its link address for a non-relocatable one), as 32 bits. */
    public final int prefAddress;
    /** Memory the kernel needs from its load address up to the end of decompression. */
    public final int initSize;
    /** The compressed kernel (vmlinux) inside the protected-mode part: offset from its start, and length. */
    public final int payloadOffset;
    public final int payloadLength;

    public BzImage(byte[] file, String name) throws BootImageException {
        this.file = file;
        this.name = name;
        if (file.length < 0x1000) {
            throw new BootImageException(name + ": not a Linux bzImage (" + file.length + " bytes is too short)");
        }
        if (u16(0x1FE) != 0xAA55 || u32(0x202) != MAGIC_HDRS) {
            throw new BootImageException(name + ": not a Linux bzImage (no \"HdrS\" setup header at 0x202)");
        }
        protocol = u16(0x206);
        if (protocol < MIN_PROTOCOL) {
            throw new BootImageException(name + ": boot protocol " + versionString(protocol)
                    + " is too old (this loader needs " + versionString(MIN_PROTOCOL) + " or later)");
        }
        if ((file[0x211] & LOADED_HIGH) == 0) {
            throw new BootImageException(name + ": a zImage (loaded low), not a bzImage; only bzImages boot here");
        }
        int sects = file[HEADER_OFFSET] & 0xFF;
        setupSects = sects == 0 ? 4 : sects;
        if (kernelOffset() >= file.length) {
            throw new BootImageException(name + ": truncated (setup of " + setupSects + " sectors, file "
                    + file.length + " bytes)");
        }
        initrdAddrMax = u32(0x22C);
        cmdlineSize = u32(0x238);
        kernelAlignment = u32(0x230);
        relocatable = file[0x234] != 0;
        prefAddress = u32(0x258);
        initSize = u32(0x260);
        payloadOffset = u32(0x248);
        payloadLength = u32(0x24C);
    }

    /** The compressed vmlinux (gzip, xz, zstd ... as the kernel was built), its last 4 bytes the unpacked size. */
    public byte[] payload() throws BootImageException {
        int start = kernelOffset() + payloadOffset;
        if (payloadLength <= 4 || start < kernelOffset() || start + payloadLength > file.length) {
            throw new BootImageException(name + ": payload (offset " + payloadOffset + ", length " + payloadLength
                    + ") is not inside the file");
        }
        byte[] p = new byte[payloadLength];
        System.arraycopy(file, start, p, 0, payloadLength);
        return p;
    }

    static String versionString(int protocol) {
        return (protocol >> 8) + "." + ((protocol & 0xFF) < 10 ? "0" : "") + (protocol & 0xFF);
    }

    /** File offset of the protected-mode kernel. */
    public int kernelOffset() {
        return (setupSects + 1) * 512;
    }

    public int kernelSize() {
        return file.length - kernelOffset();
    }

    /** Length of the setup header as the kernel declares it (from 0x1F1 through the byte at 0x202 + jump). */
    int headerLength() {
        return 0x202 + (file[0x201] & 0xFF) - HEADER_OFFSET;
    }

    byte[] bytes() {
        return file;
    }

    public String name() {
        return name;
    }

    private int u16(int offset) {
        return (file[offset] & 0xFF) | (file[offset + 1] & 0xFF) << 8;
    }

    private int u32(int offset) {
        return u16(offset) | u16(offset + 2) << 16;
    }
}
