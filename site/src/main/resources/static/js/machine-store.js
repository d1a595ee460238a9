// The machine saved in this browser: one state in IndexedDB (database "nodeos-lab", store "machines", key "saved"),
// so a reload continues where the student was. States are tens of MB: IndexedDB keeps bytes, localStorage could not.

const DATABASE = "nodeos-lab";
const STORE = "machines";
const KEY = "saved";

export class MachineStore {
    /** {bytes: Uint8Array, savedAt: ms since 1970} or null when nothing is saved. */
    async load() {
        return (await this.#request("readonly", store => store.get(KEY))) ?? null;
    }

    /** Whether a machine is saved, without reading its bytes. */
    async has() {
        return (await this.#request("readonly", store => store.count(KEY))) > 0;
    }

    async save(bytes) {
        await this.#request("readwrite", store => store.put({ bytes, savedAt: Date.now() }, KEY));
    }

    async forget() {
        await this.#request("readwrite", store => store.delete(KEY));
    }

    async #request(mode, make) {
        const db = await open();
        try {
            return await new Promise((resolve, reject) => {
                const transaction = db.transaction(STORE, mode);
                const request = make(transaction.objectStore(STORE));
                let result;
                request.onsuccess = () => { result = request.result; };
                transaction.oncomplete = () => resolve(result);
                transaction.onerror = transaction.onabort = () =>
                    reject(new Error("the browser's storage refused: " + (transaction.error?.message ?? "unknown error")));
            });
        } finally {
            db.close();
        }
    }
}

function open() {
    return new Promise((resolve, reject) => {
        const request = indexedDB.open(DATABASE, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error("the browser's storage cannot be opened: " + request.error?.message));
    });
}
