/**
 * The differential tests: the emulated CPU against the host CPU, which runs 32-bit i386 code natively.
 *
 * <p>How a run goes ({@link org.nodeoslab.emulator.difftest.DifferentialTest}): {@link FormCatalog} lists every
 * form of the executor's {@code InstructionTable} and gives each either cases ({@link SpecialGenerators} for forms
 * whose inputs must be arranged, else {@link GenericGenerator}, driven by the SDM operand notation) or a reason why
 * a user-mode host process cannot test it. Cases are raw instruction bytes plus inputs (registers, EFLAGS and a
 * 192-byte memory window, {@link Layout}). {@link TestProgram} assembles a batch with nasm into a static ELF with its
 * own driver; {@link NativeRunner} runs it (inputs on stdin, outcomes on stdout, faults caught as signals with the
 * hardware trap number); {@link EmulatorRunner} runs the same bytes in the emulator; {@link OutcomeComparator}
 * compares; {@link DifferentialReport} writes target/differential-report.md; known-mismatches.txt lists what is
 * known to differ, with the reason.
 *
 * <p>Adding x87/SSE forms (issue 6): a generator returns {@link TestCase}s whose code is a snippet (nasm lines
 * through {@link CaseBuilder#before}/{@link CaseBuilder#after}, or raw bytes) that loads its operands from the
 * window, runs the instruction under test and stores what must be compared (ST(0) with FSTP TBYTE, the status word
 * with FNSTSW AX, XMM registers with MOVDQU, MXCSR with STMXCSR) back into the window or registers; start snippets
 * with FNINIT / LDMXCSR so no state leaks between cases. Register the forms in {@link FormCatalog#forms()} and the
 * generator in {@link FormCatalog#cases}. The emulator side runs with CR0.MP/NE and CR4.OSFXSR/OSXMMEXCPT set, as
 * Linux runs the host process.
 *
 * <p>{@link DecoderFuzzTest} is separate: random bytes in every mode, checking that no Java exception leaves
 * {@code Cpu.run}.
 */
package org.nodeoslab.emulator.difftest;
