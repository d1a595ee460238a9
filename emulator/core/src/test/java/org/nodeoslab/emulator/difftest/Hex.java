package org.nodeoslab.emulator.difftest;

/** Fixed-width upper-case hex for reports and keys. */
final class Hex {
    private Hex() {
    }

    static String byte2(int v) {
        String s = Integer.toHexString(v & 0xFF).toUpperCase();
        return s.length() < 2 ? "0" + s : s;
    }

    static String word8(int v) {
        String s = Integer.toHexString(v).toUpperCase();
        return "00000000".substring(s.length()) + s;
    }

    static String bytes(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(byte2(b[i]));
        }
        return sb.toString();
    }
}
