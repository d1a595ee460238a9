package org.nodeoslab.site.book.web;

import org.nodeoslab.site.web.SiteSection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The book's place in the site's header (and, through helper "site"'s work, on the home page). */
@Configuration
class BookSection {

    @Bean
    SiteSection bookSiteSection() {
        return new SiteSection("Book", BookController.PATH, 15);
    }
}
