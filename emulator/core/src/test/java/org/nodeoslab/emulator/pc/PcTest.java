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
        while ((stop = pc.run(1_000_000)) == Pc.Stop.IDLE || stop == Pc.Stop.BUDGET) {
            if (stop == Pc.Stop.IDLE) {
                long wait = pc.nextEventNanos() - pc.clock.nanos();
                Thread.sleep(Math.max(0, wait / 1_000_000), (int) Math.max(0, wait % 1_000_000));
            }
        }
        assertEquals(Pc.Stop.POWER_OFF, stop);
        assertEquals("!", console.toString());
        assertTrue(System.nanoTime() - start >= 10_000_000L, "the 10 ms timer took 10 ms of host time");
    }

    /**
     * The host stops running the machine (saving it, paused, busy) while its guest waits for a 10 ms timer: the guest
     * sees 10 ms pass, not the host's 150. On the host's clock it saw all of it: after 20 s, Linux reported a soft
     * lockup with a call trace.
     */
    @Test
    void timeTheHostSpendsNotRunningThePacedMachineNeverReachesTheGuest() throws InterruptedException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pc pc = timerGuest(PcConfig.real(16 << 20), console);
        assertEquals(Pc.Stop.IDLE, pc.run(1_000_000), "the guest waits for its timer");
        long before = pc.clock.nanos();
        Thread.sleep(150);
        assertEquals(before, pc.clock.nanos(), "no run, no time");
        Pc.Stop stop;
        while ((stop = pc.run(1_000_000)) == Pc.Stop.IDLE || stop == Pc.Stop.BUDGET) {
            Thread.sleep(1);
        }
        assertEquals(Pc.Stop.POWER_OFF, stop);
        assertEquals("!", console.toString());
        assertTrue(pc.clock.nanos() < 10_100_000L, "woke at its 10 ms timer: " + pc.clock.nanos() + " ns");
    }

    /**
     * A 1 ms periodic timer whose handler records the TSC, beside a main loop in which the host stalls 4 ms every
     * 10,000 port writes (as a browser's worker does under load): every interrupt comes 1 ms of TSC after the last.
     * On the host's clock an interrupt came only after the stall that hid its deadline, so the PIT's counter had
     * wrapped long before the tick was counted: Linux's PIT clocksource fell a tick behind the TSC and its watchdog
     * marked the TSC unstable seconds after every restore in the browser.
     */
    @Test
    void timerInterruptsComeAtTheirCycleOnThePacedClockWhateverTheHostDoes() {
        byte[] program = {
                (byte) 0xB0, 0x34, (byte) 0xE6, 0x43,             // mov al,0x34; out 0x43,al  (ch0 mode 2)
                (byte) 0xB0, (byte) 0xA9, (byte) 0xE6, 0x40,      // mov al,0xA9; out 0x40,al
                (byte) 0xB0, 0x04, (byte) 0xE6, 0x40,             // mov al,0x04; out 0x40,al  (1193: 1 ms)
                (byte) 0xB0, 0x11, (byte) 0xE6, 0x20,             // ICW1
                (byte) 0xB0, 0x08, (byte) 0xE6, 0x21,             // ICW2: vector 8
                (byte) 0xB0, 0x04, (byte) 0xE6, 0x21,             // ICW3
                (byte) 0xB0, 0x01, (byte) 0xE6, 0x21,             // ICW4
                (byte) 0xB0, (byte) 0xFE, (byte) 0xE6, 0x21,      // mask all but IRQ 0
                0x31, (byte) 0xFF,                                // xor di,di
                (byte) 0xFB,                                      // sti
                (byte) 0xE6, (byte) 0xE0,                         // loop: out 0xE0,al (the host may stall)
                (byte) 0xEB, (byte) 0xFC,                         // jmp loop
        };
        byte[] handler = {
                0x66, 0x50, 0x66, 0x52,                           // push eax; push edx
                0x0F, 0x31,                                       // rdtsc
                0x66, (byte) 0x89, (byte) 0x85, 0x00, (byte) 0x80, // mov [di+0x8000],eax
                (byte) 0x83, (byte) 0xC7, 0x04,                   // add di,4
                (byte) 0xB0, 0x20, (byte) 0xE6, 0x20,             // EOI
                0x66, 0x5A, 0x66, 0x58,                           // pop edx; pop eax
                (byte) 0xCF,                                      // iret
        };
        Pc pc = new Pc(PcConfig.real(16 << 20));
        TinyPrograms.install(pc, program);
        pc.memory.load(0x7D00, handler, 0, handler.length);
        pc.memory.write32(8 * 4, 0x00007D00); // IVT[8] = 0000:7D00
        int[] writes = {0};
        pc.io.register(0xE0, 1, new org.nodeoslab.emulator.bus.IoDevice() {
            @Override
            public int read8(int port) {
                return 0xFF;
            }

            @Override
            public void write8(int port, int value) {
                if (++writes[0] % 10_000 == 0) {
                    try {
                        Thread.sleep(4);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        int interrupts = 12;
        while (pc.memory.read32(0x8000 + 4 * interrupts) == 0) {
            assertEquals(Pc.Stop.BUDGET, pc.run(100_000));
        }
        // 1193 PIT ticks = 999,847 ns = 99,985 cycles at 100 MHz; an instruction's worth of slack.
        for (int i = 1; i <= interrupts; i++) {
            long interval = (pc.memory.read32(0x8000 + 4 * i) - pc.memory.read32(0x8000 + 4 * (i - 1))) & 0xFFFFFFFFL;
            assertEquals(99_985, interval, 5, "interrupt " + i + " came " + interval + " cycles after the last");
        }
        assertTrue(writes[0] > 50_000, "the host stalled " + writes[0] / 10_000 + " times meanwhile");
    }

    @Test
    void aMachineSavedOnTheHostsClockGoesOnFromItsTimeNotBack() {
        Pc pc = new Pc(PcConfig.real(16 << 20));
        pc.restoreTime(1_000, 42_000_000_000L);
        assertEquals(42_000_000_000L, pc.clock.nanos(), "the clock read 42 s when saved");
        assertEquals(4_200_000_000L, pc.tsc());
        pc.restoreTime(1_000, 0);
        assertEquals(1_000, pc.cycles(), "a virtual-clock state: its idle cycles");
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
