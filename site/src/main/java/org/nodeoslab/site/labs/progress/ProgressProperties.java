package org.nodeoslab.site.labs.progress;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code site.labs.progress.*}: students' progress kept on the server under anonymous tokens. {@code enabled}
 * (default true; the static export turns it off, so exported pages keep progress in the browser only), {@code dir}
 * (one JSON file per token; default ~/.local/share/nodeos-lab/progress) and {@code max-bytes} (a document's limit).
 */
@ConfigurationProperties("site.labs.progress")
public record ProgressProperties(@DefaultValue("true") boolean enabled, String dir,
        @DefaultValue("65536") int maxBytes) {

    /** Where the API answers: GET and PUT API + token. */
    public static final String API = "/labs/api/progress/";

    /** What the lab pages are told to sync to: the API when this site serves it, else null (browser only). */
    public String apiForPages() {
        return enabled ? API : null;
    }

    public Path path() {
        Path folder = dir == null || dir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".local", "share", "nodeos-lab", "progress")
                : Path.of(dir);
        return folder.toAbsolutePath().normalize();
    }
}
