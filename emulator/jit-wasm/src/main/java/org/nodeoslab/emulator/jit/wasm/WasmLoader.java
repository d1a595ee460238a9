package org.nodeoslab.emulator.jit.wasm;

/**
 * Where generated modules run: a wasm engine that instantiates a module with {@link WasmImports}' helpers as its
 * {@code "jit"} imports and calls its {@code run} export. On the JVM the tests implement it with Chicory; in the
 * browser emulator/web implements it over the JavaScript engine's WebAssembly.
 */
public interface WasmLoader {
    /**
     * Compiles and instantiates {@code module}; a handle (>= 0) for {@link #run}, or a negative number when the
     * engine refuses it (the region is then left to the interpreter). A loader may compile in the background: its
     * {@code run} then answers "not ready" until the module is.
     */
    int load(byte[] module);

    /**
     * Calls the module's {@code run(entryEip, budget)}: the instructions it retired, or a negative number when
     * nothing ran (the module is not ready yet: the interpreter goes on).
     */
    int run(int handle, int entryEip, int budget);

    /** The code cache no longer needs the module of {@code handle} (its slot may be reused). */
    default void release(int handle) {
    }
}
