package org.nodeoslab.site.book.web;

import org.nodeoslab.site.web.SiteSection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The book in the site's header and on the front door (order 25: after the labs, the first step, and before the blog). */
@Configuration
class BookSection {

    @Bean
    SiteSection bookSiteSection() {
        return new SiteSection("Book", BookController.PATH,
                "The long-form account of how NodeOS is built and why, with the project's own measurements; "
                        + "also as one printable page and a PDF.", 25);
    }
}
