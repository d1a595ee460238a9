package org.nodeoslab.site.emulator;

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
 * The NodeOS image's files at /emulator/image/NAME: only the names its manifest gives (kernel, initramfs,
 * manifest.json), so no request reaches any other file. Spring answers Range requests (206, 416) for a Resource
 * body, and If-None-Match with 304 from the ETag, which is the file's SHA-256 from the manifest.
 */
@RestController
class ImageFilesController {

    static final String PATH = EmulatorImage.FILES_PATH;

    private final EmulatorImage image;

    ImageFilesController(EmulatorImage image) {
        this.image = image;
    }

    @GetMapping(PATH + "{name}")
    ResponseEntity<Resource> file(@PathVariable String name) {
        ImageManifest.ImageFile file = image.state().manifest().flatMap(m -> m.file(name))
                .orElseThrow(() -> new PageNotFound(PATH + name));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .eTag(file.sha256())
                // Same address, new bytes after a rebuild: the browser revalidates (a 304 costs nothing).
                .cacheControl(CacheControl.noCache().cachePublic())
                .header("Accept-Ranges", "bytes")
                .body(new FileSystemResource(file.path()));
    }
}
