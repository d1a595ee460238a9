package org.nodeoslab.emulator.pc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

class PcTest {
    @Test
    void runsAGuestThatPrintsOnCom1AndPowersOff() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pc pc = TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, console);
        assertEquals(Pc.Stop.POWER_OFF, pc.run(10_000));
        assertEquals("abcdefghijklmnopqrstuvwxyz", console.toString());
    }

    @Test
    void stopsWhenTheBudgetIsUsed() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pc pc = TinyPrograms.machine(TinyPrograms.ALPHABET_THEN_POWER_OFF, console);
        assertEquals(Pc.Stop.BUDGET, pc.run(12));
        assertEquals(12, pc.cycles());
        assertEquals("abc", console.toString(), "jmp, mov, mov, then 3 rounds of out/inc/cmp/jne");
    }

    @Test
    void keyboardControllerResetStopsTheMachine() {
        byte[] program = {
                (byte) 0xB0, (byte) 0xFE, // mov al, 0xFE
                (byte) 0xE6, 0x64,        // out 0x64, al
                (byte) 0xEB, (byte) 0xFE, // jmp $
        };
        Pc pc = TinyPrograms.machine(program, new ByteArrayOutputStream());
        assertEquals(Pc.Stop.RESET, pc.run(1000));
    }

    /** Port 0x92 closes the A20 gate: FFFF:0010 then wraps to address 0, even right after it was read as 1 MiB. */
    @Test
    void closingTheA20GateWrapsAccessesThatWereJustCached() {
        byte[] program = {
                (byte) 0xB8, (byte) 0xFF, (byte) 0xFF,             // mov ax, 0xFFFF
                (byte) 0x8E, (byte) 0xD8,                          // mov ds, ax
                (byte) 0xC6, 0x06, 0x10, 0x00, 0x42,               // mov byte [0x10], 'B'   (1 MiB)
                0x31, (byte) 0xC0, (byte) 0x8E, (byte) 0xC0,       // xor ax, ax; mov es, ax
                0x26, (byte) 0xC6, 0x06, 0x00, 0x00, 0x41,         // mov byte es:[0], 'A'   (0)
                (byte) 0xBA, (byte) 0xF8, 0x03,                    // mov dx, 0x3F8
                (byte) 0xA0, 0x10, 0x00, (byte) 0xEE,              // mov al, [0x10]; out dx, al
                (byte) 0xB0, 0x00, (byte) 0xE6, (byte) 0x92,       // mov al, 0; out 0x92, al  (A20 off)
                (byte) 0xA0, 0x10, 0x00, (byte) 0xEE,              // mov al, [0x10]; out dx, al
                (byte) 0xFA, (byte) 0xF4,                          // cli; hlt
        };
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pc pc = TinyPrograms.machine(program, console);
        assertEquals(Pc.Stop.POWER_OFF, pc.run(1000));
        assertEquals("BA", console.toString());
    }

    /** PIT one-shot of 10 ms on IRQ 0 (vector 8 -> 0000:7D00), STI; HLT; the handler prints '!' and powers off. */
    private static Pc timerGuest(PcConfig config, ByteArrayOutputStream console) {
        byte[] program = {
                (byte) 0xB0, 0x30, (byte) 0xE6, 0x43,             // mov al,0x30; out 0x43,al  (ch0 mode 0)
                (byte) 0xB0, (byte) 0x9C, (byte) 0xE6, 0x40,      // mov al,0x9C; out 0x40,al
                (byte) 0xB0, 0x2E, (byte) 0xE6, 0x40,             // mov al,0x2E; out 0x40,al  (11932 = 10 ms)
                (byte) 0xB0, 0x11, (byte) 0xE6, 0x20,             // ICW1
                (byte) 0xB0, 0x08, (byte) 0xE6, 0x21,             // ICW2: vector 8
                (byte) 0xB0, 0x04, (byte) 0xE6, 0x21,             // ICW3
                (byte) 0xB0, 0x01, (byte) 0xE6, 0x21,             // ICW4
                (byte) 0xB0, (byte) 0xFE, (byte) 0xE6, 0x21,      // mask all but IRQ 0
                (byte) 0xFB,                                      // sti
                (byte) 0xF4,                                      // hlt
                (byte) 0xEB, (byte) 0xFD,                         // jmp hlt
        };
        Pc pc = new Pc(config);
        pc.com1.setSink(console::write);
        TinyPrograms.install(pc, program);
        byte[] handler = {
                (byte) 0xBA, (byte) 0xF8, 0x03, (byte) 0xB0, 0x21, (byte) 0xEE, // mov dx,0x3F8; mov al,'!'; out
                (byte) 0xFA, (byte) 0xF4,                                       // cli; hlt
        };
        pc.memory.load(0x7D00, handler, 0, handler.length);
        pc.memory.write32(8 * 4, 0x00007D00); // IVT[8] = 0000:7D00
        return pc;
    }

    @Test
    void realClockGuestWaitsInRealTimeForItsTimer() throws InterruptedException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pc pc = timerGuest(PcConfig.real(16 << 20), console);
        long start = System.nanoTime();
        Pc.Stop stop;
        while ((stop = pc.run(1_000_000)) == Pc.Stop.IDLE) {
            long wait = pc.nextEventNanos() - pc.clock.nanos();
            Thread.sleep(Math.max(0, wait / 1_000_000), (int) Math.max(0, wait % 1_000_000));
        }
        assertEquals(Pc.Stop.POWER_OFF, stop);
        assertEquals("!", console.toString());
        assertTrue(System.nanoTime() - start >= 10_000_000L, "the 10 ms timer took 10 ms of host time");
    }

    @Test
    void idleGuestSkipsToItsNextTimerInterruptOnTheVirtualClock() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pc pc = timerGuest(PcConfig.virtual(16 << 20), console);
        assertEquals(Pc.Stop.POWER_OFF, pc.run(100_000_000));
        assertEquals("!", console.toString());
        long tenMs = 10_000_000L * PcConfig.DEFAULT_MHZ / 1000;
        assertEquals(tenMs, pc.cycles(), tenMs / 100.0, "woke after 10 ms of virtual time, not after 100M cycles");
    }

    @Test
    void rejectsImpossibleMemorySizes() {
        assertThrows(IllegalArgumentException.class, () -> PcConfig.virtual(8 << 20));
        assertThrows(IllegalArgumentException.class, () -> PcConfig.virtual((64 << 20) + 4096));
    }
}
