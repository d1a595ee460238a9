package org.nodeoslab.emulator.cpu;

import static org.nodeoslab.emulator.cpu.Cpu.EAX;
import static org.nodeoslab.emulator.cpu.Cpu.ECX;
import static org.nodeoslab.emulator.cpu.Cpu.EDI;
import static org.nodeoslab.emulator.cpu.Cpu.EDX;
import static org.nodeoslab.emulator.cpu.Cpu.ES;
import static org.nodeoslab.emulator.cpu.Cpu.ESI;

import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS with REP/REPE/REPNE. Every iteration updates ESI/EDI/ECX before the
 * next one starts, so a fault in the middle of a string leaves the registers pointing at the faulting element and
 * the restarted instruction (EIP rolled back to its first prefix) continues where it stopped. A long REP yields
 * after a bounded number of iterations the same way, so interrupts are not held off.
 */
final class StringOps {
    /** Iterations of one REP instruction before it yields to the run loop (and is restarted). */
    private static final int ITERATIONS_PER_STEP = 1 << 16;

    private final Executor x;
    private final Cpu cpu;
    private final int[] reg;

    StringOps(Executor x) {
        this.x = x;
        this.cpu = x.cpu;
        this.reg = x.reg;
    }

    void execute(int op) {
        int size = (op & 1) == 0 ? 1 : x.o32 ? 4 : 2;
        int delta = (cpu.eflags & Cpu.FLAG_DF) != 0 ? -size : size;
        boolean compare = op == 0xA6 || op == 0xA7 || op == 0xAE || op == 0xAF;
        if (op <= 0x6F) {
            x.checkIo(reg[EDX] & 0xFFFF, size);
            x.endBlock = true; // a device may have raised an interrupt
        }
        if (x.rep == 0) {
            once(op, size, delta);
            return;
        }
        boolean bulk = delta > 0 && x.a32 && (op == 0xAA || op == 0xAB || op == 0xA4 || op == 0xA5)
                && x.flatWrite(ES) && (op >= 0xAA || x.flatRead(x.dataSegment()));
        for (int n = 0; count() != 0; n++) {
            if (n >= ITERATIONS_PER_STEP) {
                cpu.eip = x.startEip;
                x.endBlock = true;
                return;
            }
            if (bulk) {
                int done = bulkChunk(op >= 0xAA, size);
                if (done > 0) {
                    n += done - 1;
                    continue;
                }
            }
            once(op, size, delta);
            decrementCount();
            if (compare && x.alu.zf() != (x.rep == 0xF3)) {
                return;
            }
        }
    }

    /**
     * REP STOS / REP MOVS forward with 32-bit addressing through flat segments: the elements up to the end of
     * the current page (of source and destination) are done at once on the RAM array, keeping the byte-by-byte
     * meaning of an overlapping forward MOVS. Returns how many elements were done; 0 when the next element needs
     * the per-element path (it straddles a page, or the page is not plain RAM).
     */
    private int bulkChunk(boolean store, int size) {
        PhysicalMemory memory = cpu.memory;
        MemoryStorage ram = memory.storage();
        int dst = x.segBase[ES] + reg[EDI];
        int room = (0x1000 - (dst & 0xFFF)) / size;
        int from = 0;
        if (!store) {
            from = x.segBase[x.dataSegment()] + reg[ESI];
            room = Math.min(room, (0x1000 - (from & 0xFFF)) / size);
        }
        int n = Integer.compareUnsigned(reg[ECX], room) < 0 ? reg[ECX] : room;
        if (n == 0) {
            return 0;
        }
        // Through the TLB: a walk only on a miss (the offsets are -1 when a page is not plain RAM).
        int hostSrc = 0;
        if (!store) {
            hostSrc = cpu.mmu.ramOffsetForRead(from);
            if (hostSrc < 0) {
                return 0;
            }
        }
        int hostDst = cpu.mmu.ramOffsetForWrite(dst);
        if (hostDst < 0) {
            return 0;
        }
        int bytes = n * size;
        if (!store) {
            if (hostDst > hostSrc && hostDst - hostSrc < size) {
                return 0; // elements overlap within themselves: keep the per-element meaning
            }
            ram.copyForward(hostSrc, hostDst, bytes); // a forward overlap replicates, as on the CPU
            reg[ESI] += bytes;
        } else {
            ram.fill(hostDst, n, size, reg[EAX]);
        }
        memory.checkCodeWrite(hostDst, bytes);
        reg[EDI] += bytes;
        reg[ECX] -= n;
        return n;
    }

    private void once(int op, int size, int delta) {
        switch (op) {
            case 0x6C: case 0x6D: {
                int port = reg[EDX] & 0xFFFF;
                int v = size == 1 ? cpu.io.in8(port) : size == 2 ? cpu.io.in16(port) : cpu.io.in32(port);
                write(ES, di(), v, size);
                advance(EDI, delta);
                break;
            }
            case 0x6E: case 0x6F: {
                int v = read(x.dataSegment(), si(), size);
                int port = reg[EDX] & 0xFFFF;
                if (size == 1) {
                    cpu.io.out8(port, v);
                } else if (size == 2) {
                    cpu.io.out16(port, v);
                } else {
                    cpu.io.out32(port, v);
                }
                advance(ESI, delta);
                break;
            }
            case 0xA4: case 0xA5:
                write(ES, di(), read(x.dataSegment(), si(), size), size);
                advance(ESI, delta);
                advance(EDI, delta);
                break;
            case 0xA6: case 0xA7: {
                int a = read(x.dataSegment(), si(), size);
                int b = read(ES, di(), size);
                x.alu.sub(a, b, mask(size));
                advance(ESI, delta);
                advance(EDI, delta);
                break;
            }
            case 0xAA: case 0xAB:
                write(ES, di(), reg[EAX], size);
                advance(EDI, delta);
                break;
            case 0xAC: case 0xAD: {
                int v = read(x.dataSegment(), si(), size);
                if (size == 1) {
                    x.setReg8(EAX, v);
                } else if (size == 2) {
                    x.setReg16(EAX, v);
                } else {
                    reg[EAX] = v;
                }
                advance(ESI, delta);
                break;
            }
            default: // SCAS
                x.alu.sub(reg[EAX], read(ES, di(), size), mask(size));
                advance(EDI, delta);
                break;
        }
    }

    private static int mask(int size) {
        return size == 1 ? 0xFF : size == 2 ? 0xFFFF : -1;
    }

    private int read(int seg, int off, int size) {
        return size == 1 ? x.read8(seg, off) : size == 2 ? x.read16(seg, off) : x.read32(seg, off);
    }

    private void write(int seg, int off, int v, int size) {
        if (size == 1) {
            x.write8(seg, off, v);
        } else if (size == 2) {
            x.write16(seg, off, v);
        } else {
            x.write32(seg, off, v);
        }
    }

    private int si() {
        return x.a32 ? reg[ESI] : reg[ESI] & 0xFFFF;
    }

    private int di() {
        return x.a32 ? reg[EDI] : reg[EDI] & 0xFFFF;
    }

    private void advance(int r, int delta) {
        if (x.a32) {
            reg[r] += delta;
        } else {
            x.setReg16(r, reg[r] + delta);
        }
    }

    private int count() {
        return x.a32 ? reg[ECX] : reg[ECX] & 0xFFFF;
    }

    private void decrementCount() {
        if (x.a32) {
            reg[ECX]--;
        } else {
            x.setReg16(ECX, reg[ECX] - 1);
        }
    }
}
