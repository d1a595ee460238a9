package org.nodeoslab.site.emulator;

import java.time.Duration;

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
 * The start-up state at /emulator/state/HASH.state, HASH being the first 16 hex digits of its SHA-256: the bytes
 * behind a name never change, so browsers keep it for a year (immutable) and a second visit fetches nothing. Any
 * other name is a 404 (an old page asking for a state since rebuilt reloads and gets the new name).
 */
@RestController
class StartupStateController {

    static final String PATH = "/emulator/state/";

    private final StartupStateFile states;

    StartupStateController(StartupStateFile states) {
        this.states = states;
    }

    @GetMapping(PATH + "{name}")
    ResponseEntity<Resource> state(@PathVariable String name) {
        StartupStateFile.State state = states.state().filter(s -> s.url().equals(PATH + name))
                .orElseThrow(() -> new PageNotFound(PATH + name));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .eTag(state.sha256())
                .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .body(new FileSystemResource(state.file()));
    }
}
