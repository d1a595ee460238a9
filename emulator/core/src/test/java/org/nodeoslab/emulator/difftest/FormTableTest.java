package org.nodeoslab.emulator.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The executor's instruction-form table, which the differential suite enumerates, against an independent list. */
class FormTableTest {
    @Test
    void tableHasEveryHostTestableFormOfTheSdmOpcodeMaps() {
        Set<String> table = new HashSet<>();
        for (FormSpec f : FormCatalog.forms()) {
            table.add(f.opcodeText());
        }
        List<String> missing = new ArrayList<>();
        for (FormSpec f : HandWrittenForms.all()) {
            String anyReg = f.opcodeText().replace(" /" + f.regField(), ""); // SETcc, NOP Ev ignore the reg field
            if (!table.contains(f.opcodeText()) && !(f.regField() >= 0 && table.contains(anyReg))) {
                missing.add(f.key());
            }
        }
        assertEquals(List.of(), missing, "forms of the SDM opcode maps missing from InstructionTable");
    }
}
