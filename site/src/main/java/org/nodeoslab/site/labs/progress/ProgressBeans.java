package org.nodeoslab.site.labs.progress;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The progress store's folder and limit, from {@link ProgressProperties}; none in the static export. */
@Configuration
@ConditionalOnBooleanProperty(name = "site.labs.progress.enabled", matchIfMissing = true)
class ProgressBeans {

    @Bean
    ProgressFiles progressFiles(ProgressProperties properties) {
        return new ProgressFiles(properties.path(), properties.maxBytes());
    }
}
