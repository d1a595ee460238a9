package org.nodeoslab.emulator.difftest;

/** One case whose emulator outcome differs from the host's, with everything needed to reproduce it. */
record Mismatch(TestCase testCase, String what, String inputs, String expected, String actual) {
}
