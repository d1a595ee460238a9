package org.nodeoslab.emulator.cli.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The names a guest profile prints for libnode's exported C++ functions (symbols as `nm -D` lists them). */
class DemanglerTest {
    @Test
    void nestedNamesLoseTheirParameters() {
        assertEquals("v8::internal::Scanner::Next", Demangler.qualifiedName("_ZN2v88internal7Scanner4NextEv"));
        assertEquals("v8::internal::interpreter::Interpreter::Initialize",
                Demangler.qualifiedName("_ZN2v88internal11interpreter11Interpreter10InitializeEv"));
    }

    @Test
    void constructorsDestructorsAndStd() {
        assertEquals("v8::internal::RelocIterator::RelocIterator",
                Demangler.qualifiedName("_ZN2v88internal13RelocIteratorC1EPNS0_12EmbeddedDataENS0_4CodeEi"));
        assertEquals("node::Foo::~Foo", Demangler.qualifiedName("_ZN4node3FooD2Ev"));
        assertEquals("std::foo::bar", Demangler.qualifiedName("_ZNSt3foo3barEv"));
    }

    @Test
    void templatesStopAtTheirArguments() {
        assertEquals("v8::internal::ParserBase<…>",
                Demangler.qualifiedName("_ZN2v88internal10ParserBaseINS0_6ParserEE19ParseStatementListEv"));
    }

    @Test
    void plainAndUnnestedNames() {
        assertEquals("Cr_z_adler32_z", Demangler.qualifiedName("Cr_z_adler32_z"));
        assertEquals("uv_run", Demangler.qualifiedName("uv_run"));
        assertEquals("main2", Demangler.qualifiedName("_Z5main2v"));
    }
}
