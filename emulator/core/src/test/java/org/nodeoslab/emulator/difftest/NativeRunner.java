package org.nodeoslab.emulator.difftest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a {@link TestProgram} on the host CPU: inputs on stdin, one outcome record per case on stdout. */
final class NativeRunner {
    private NativeRunner() {
    }

    static Outcome[] run(TestProgram program, Path binary) {
        List<TestCase> cases = program.cases;
        ByteBuffer in = ByteBuffer.allocate(cases.size() * Layout.IN_RECORD).order(ByteOrder.LITTLE_ENDIAN);
        for (TestCase c : cases) {
            for (int r : c.regs) {
                in.putInt(r);
            }
            in.putInt(c.eflags);
            in.put(c.window);
        }
        byte[] out;
        try {
            Process p = new ProcessBuilder(binary.toAbsolutePath().toString()).start();
            // Write on a helper thread: the driver reads all input before writing, but pipes are finite.
            Thread feeder = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(in.array());
                } catch (IOException ignored) {
                    // the process died: reported below through its exit status
                }
            });
            feeder.start();
            try (InputStream is = p.getInputStream()) {
                out = is.readAllBytes();
            }
            feeder.join();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("native test program " + binary + " failed (status "
                        + p.exitValue() + "): " + err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the 32-bit test program " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (out.length != cases.size() * Layout.OUT_RECORD) {
            throw new IllegalStateException("native test program " + binary + " wrote " + out.length
                    + " bytes, expected " + cases.size() * Layout.OUT_RECORD);
        }
        ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        Outcome[] result = new Outcome[cases.size()];
        for (int i = 0; i < result.length; i++) {
            Outcome r = new Outcome();
            for (int k = 0; k < 8; k++) {
                r.regs[k] = o.getInt();
            }
            r.eflags = o.getInt();
            r.exit = o.getInt();
            int trap = o.getInt();
            r.errorCode = o.getInt();
            r.faultEip = o.getInt();
            r.vector = r.exit < 0 ? trap : -1;
            for (int k = 0; k < 6; k++) {
                r.selectors[k] = o.getShort() & 0xFFFF;
            }
            o.get(r.window);
            result[i] = r;
        }
        return result;
    }
}
