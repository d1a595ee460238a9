package org.nodeoslab.emulator.jit.wasm;

import org.nodeoslab.emulator.bus.MemoryStorage;
import org.nodeoslab.emulator.bus.MemoryStorageContract;

/** The storage the inline-memory tests run their machines on keeps core's contract for every storage. */
class ChicoryMemoryStorageTest extends MemoryStorageContract {
    @Override
    protected MemoryStorage create(int ramBytes) {
        return ChicoryMemoryStorage.FACTORY.create(ramBytes);
    }
}
