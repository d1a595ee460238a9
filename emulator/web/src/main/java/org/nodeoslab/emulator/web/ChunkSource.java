package org.nodeoslab.emulator.web;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * The page's side of a lazily restored state (nodeos-worker.js): chunk N's stored bytes as an Int8Array, fetched with
 * a synchronous request if need be (allowed in a worker), or a string saying why they cannot be had (URL and status).
 * Called from inside an instruction, the first time the guest touches one of the chunk's pages.
 */
@JSFunctor
public interface ChunkSource extends JSObject {
    JSObject fetch(int chunk);
}
