package org.nodeoslab.site.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * emulator-web's files (emulator.wasm, the JS modules, xterm.js) under a content-hashed folder,
 * /emulator/app-HASH/, where HASH covers every file's name and bytes: the browser may keep them for a year without
 * asking again (a second visit downloads nothing), and a new build is a new folder. The ES modules import each
 * other by relative names, so hashing the folder rather than each name needs no rewriting of imports. The files
 * stay at /emulator/NAME too (terminal.html, older links), revalidated as usual.
 */
@Component
public class EmulatorAssets implements WebMvcConfigurer {

    static final String ROOT = "META-INF/resources/emulator/";

    private final Map<String, Resource> files;
    private final String folder;

    EmulatorAssets() {
        files = scan();
        folder = "/emulator/app-" + hash(files) + "/";
    }

    /** The hashed folder, e.g. "/emulator/app-0123456789ab/"; pages import the modules from here. */
    public String folder() {
        return folder;
    }

    /** Every file's path under the hashed folder, for the static export. */
    List<String> paths() {
        return files.keySet().stream().map(name -> folder + name).toList();
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(folder + "**").addResourceLocations("classpath:/" + ROOT)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }

    private static Map<String, Resource> scan() {
        Map<String, Resource> found = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + ROOT + "**")) {
                String url = resource.getURL().toString();
                int at = url.lastIndexOf(ROOT);
                if (resource.isReadable() && !url.endsWith("/") && at >= 0) {
                    found.putIfAbsent(url.substring(at + ROOT.length()), resource);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the emulator's files on the classpath", e);
        }
        return found;
    }

    private static String hash(Map<String, Resource> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Resource> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                try (InputStream in = file.getValue().getInputStream()) {
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator's files on the classpath", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
