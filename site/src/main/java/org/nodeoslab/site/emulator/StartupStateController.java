package org.nodeoslab.site.emulator;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nodeoslab.emulator.pc.state.StateFormatException;
import org.nodeoslab.emulator.pc.state.StateIndex;
import org.nodeoslab.site.web.PageNotFound;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The start-up state under /emulator/state/, HASH being the first 16 hex digits of its SHA-256: HASH.start (what a
 * page downloads before the machine runs: CPU, devices and the RAM chunks its prompt needs), HASH-N.chunk (RAM chunk
 * N, fetched when the guest first touches it or in the background) and HASH.state (the whole file). The bytes behind
 * a name never change, so browsers keep them for a year (immutable) and a second visit fetches nothing. Any other name
 * is a 404 (an old page asking for a state since rebuilt reloads and gets the new name).
 */
@RestController
class StartupStateController {

    static final String PATH = "/emulator/state/";
    private static final Pattern CHUNK = Pattern.compile("([0-9a-f]{16})-(\\d{1,6})\\.chunk");

    private final StartupStateFile states;

    StartupStateController(StartupStateFile states) {
        this.states = states;
    }

    @GetMapping(PATH + "{name}")
    ResponseEntity<?> state(@PathVariable String name) throws IOException {
        StartupStateFile.State state = states.state().orElseThrow(() -> new PageNotFound(PATH + name));
        String hash = state.sha256().substring(0, 16);
        if (name.equals(hash + ".state")) {
            return immutable(state.sha256()).body((Resource) new FileSystemResource(state.file()));
        }
        StateIndex index;
        try {
            index = states.index(state);
        } catch (StateFormatException e) {
            // Not a state this site can split: the page gets it whole, and the emulator says what is wrong with it.
            if (name.equals(hash + ".start")) {
                return immutable(state.sha256()).body((Resource) new FileSystemResource(state.file()));
            }
            throw new PageNotFound(PATH + name);
        }
        if (name.equals(hash + ".start")) {
            return immutable(state.sha256() + "-start").body(slice(state, 0, index.eagerEnd()));
        }
        Matcher chunk = CHUNK.matcher(name);
        if (chunk.matches() && chunk.group(1).equals(hash) && Integer.parseInt(chunk.group(2)) < index.chunkCount()) {
            int n = Integer.parseInt(chunk.group(2));
            return immutable(state.sha256() + "-" + n).body(slice(state, index.offset(n), index.length(n)));
        }
        throw new PageNotFound(PATH + name);
    }

    private static ResponseEntity.BodyBuilder immutable(String etag) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .eTag(etag)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }

    private static byte[] slice(StartupStateFile.State state, long offset, long length) throws IOException {
        byte[] bytes = new byte[Math.toIntExact(length)];
        try (RandomAccessFile file = new RandomAccessFile(state.file().toFile(), "r")) {
            file.seek(offset);
            file.readFully(bytes);
        }
        return bytes;
    }
}
