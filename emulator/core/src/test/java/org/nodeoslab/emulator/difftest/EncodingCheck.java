package org.nodeoslab.emulator.difftest;

/**
 * Checks that every case really exercises its form: the bytes at the case's instruction under test, after
 * legacy prefixes, are the form's opcode (and ModRM reg field for group members).
 */
final class EncodingCheck {
    private EncodingCheck() {
    }

    static void verify(TestProgram p) {
        for (int i = 0; i < p.cases.size(); i++) {
            FormSpec f = p.cases.get(i).form;
            int at = p.underTest[i] - Layout.ORG;
            byte[] img = p.image;
            while (isPrefix(img[at] & 0xFF) && !(f.prefix() != 0 && (img[at] & 0xFF) == f.prefix())) {
                at++;
            }
            if (f.prefix() != 0 && (img[at++] & 0xFF) != f.prefix()) {
                throw bad(p, i);
            }
            if (f.twoByte() && (img[at++] & 0xFF) != 0x0F) {
                throw bad(p, i);
            }
            if ((img[at++] & 0xFF) != (f.opcode() & 0xFF)) {
                throw bad(p, i);
            }
            if (f.regField() >= 0 && ((img[at] >> 3) & 7) != f.regField()) {
                throw bad(p, i);
            }
        }
    }

    private static boolean isPrefix(int b) {
        return b == 0x66 || b == 0x67 || b == 0xF0 || b == 0xF2 || b == 0xF3 || b == 0x26 || b == 0x2E || b == 0x36
                || b == 0x3E;
    }

    private static IllegalStateException bad(TestProgram p, int i) {
        int at = p.underTest[i] - Layout.ORG;
        return new IllegalStateException("generator bug: case \"" + p.cases.get(i).text + "\" of "
                + p.cases.get(i).form.key() + " encodes as " + Hex.bytes(p.image, at, Math.min(at + 8, p.image.length)));
    }
}
