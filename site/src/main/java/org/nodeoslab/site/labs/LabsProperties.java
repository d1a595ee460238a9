package org.nodeoslab.site.labs;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code site.labs.dir}: the labs folder, relative to the working directory (site/ under `./lab site` and the
 * tests). Reloading follows {@code site.reload}, as the blog's does.
 */
@ConfigurationProperties("site.labs")
public record LabsProperties(@DefaultValue("../labs") String dir) {

    public Path path() {
        return Path.of(dir).toAbsolutePath().normalize();
    }
}
