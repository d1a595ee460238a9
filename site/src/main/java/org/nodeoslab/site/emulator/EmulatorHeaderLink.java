package org.nodeoslab.site.emulator;

import org.nodeoslab.site.web.SiteSection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The emulator's link in the site's header. */
@Configuration
class EmulatorHeaderLink {

    @Bean
    SiteSection emulatorSection() {
        return new SiteSection("Emulator", EmulatorController.PATH,
                "An x86 PC in your browser booting the real NodeOS image on its serial console.", 40);
    }
}
