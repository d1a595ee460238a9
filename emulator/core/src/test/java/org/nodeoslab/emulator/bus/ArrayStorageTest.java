package org.nodeoslab.emulator.bus;

/** The JVM's storage keeps {@link MemoryStorageContract}. */
class ArrayStorageTest extends MemoryStorageContract {
    @Override
    protected MemoryStorage create(int ramBytes) {
        return ArrayStorage.FACTORY.create(ramBytes);
    }
}
