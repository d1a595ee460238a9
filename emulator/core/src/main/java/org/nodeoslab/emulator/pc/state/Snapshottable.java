package org.nodeoslab.emulator.pc.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A part of the machine whose state goes into a saved machine state (one section of the file each). */
public interface Snapshottable {
    void save(DataOutput out) throws IOException;

    void load(DataInput in) throws IOException;
}
