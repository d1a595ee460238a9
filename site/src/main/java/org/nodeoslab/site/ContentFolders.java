package org.nodeoslab.site;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Finds the content (posts/, labs/, thesis/) however the site is started: {@code site.content-dir} (or
 * SITE_CONTENT_DIR) when given, the one documented setting for a deployment; otherwise the first folder holding a
 * posts/ folder among the working directory, its parent (site/ under {@code ./lab site} and the tests) and the
 * checkout the jar was built in (site/target/site.jar). The posts and labs settings default to folders inside it.
 * When nothing is found, the site refuses to start ({@link ContentMissing}) instead of serving an empty blog.
 */
public class ContentFolders implements EnvironmentPostProcessor {

    public static final String PROPERTY = "site.content-dir";
    /** Where the detection looked, for the refusal's message. */
    static final String SEARCHED = "site.content-dir.searched";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String given = environment.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            return;
        }
        Set<Path> candidates = new LinkedHashSet<>();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        candidates.add(cwd);
        if (cwd.getParent() != null) {
            candidates.add(cwd.getParent());
        }
        jarCheckout().ifPresent(candidates::add);
        List<String> searched = new ArrayList<>();
        for (Path candidate : candidates) {
            searched.add(candidate.toString());
            if (Files.isDirectory(candidate.resolve("posts"))) {
                environment.getPropertySources().addLast(new MapPropertySource("site-content-folders",
                        Map.of(PROPERTY, candidate.toString())));
                return;
            }
        }
        environment.getPropertySources().addLast(new MapPropertySource("site-content-folders",
                Map.of(PROPERTY, cwd.toString(), SEARCHED, String.join(", ", searched))));
    }

    /** The checkout a jar at CHECKOUT/site/target/site.jar was built in. */
    private static java.util.Optional<Path> jarCheckout() {
        try {
            var source = ContentFolders.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return java.util.Optional.empty();
            }
            String location = source.getLocation().toString();
            // Inside a Spring Boot jar the location is jar:nested:/.../site.jar/!BOOT-INF/classes/!/
            int jar = location.indexOf(".jar");
            String file = jar > 0 ? location.substring(0, jar + 4).replaceFirst("^jar:", "").replaceFirst("^nested:", "")
                    : location;
            Path path = file.startsWith("file:") ? Path.of(new java.net.URI(file)) : Path.of(file);
            // site/target/site.jar or site/target/classes -> the checkout is three (two) levels up.
            Path checkout = path.getParent() == null ? null : path.getParent().getParent();
            return checkout == null || checkout.getParent() == null ? java.util.Optional.empty()
                    : java.util.Optional.of(checkout.getParent().toAbsolutePath().normalize());
        } catch (URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
