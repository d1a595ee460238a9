package org.nodeoslab.site;

import org.nodeoslab.site.blog.BlogConfig;
import org.nodeoslab.site.web.SiteInfo;
import org.nodeoslab.site.web.SiteSection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The settings as they apply (site settings over the blog's _config.yml), and the blog's place in the header. */
@Configuration
class SiteBeans {

    @Bean
    BlogConfig blogConfig(SiteProperties properties, org.springframework.core.env.Environment environment) {
        if (!java.nio.file.Files.isDirectory(properties.postsPath())) {
            throw new ContentMissing(properties.postsPath().toString(), environment.getProperty(ContentFolders.SEARCHED));
        }
        return BlogConfig.resolve(properties);
    }

    @Bean
    SiteInfo siteInfo(SiteProperties properties, BlogConfig blog) {
        return new SiteInfo(properties.title(), properties.description(), blog.url());
    }

    @Bean
    SiteSection blogSection(BlogConfig blog) {
        return new SiteSection("Blog", blog.paths().index(),
                "Notes on NodeOS's design and on how this lab is built, from the 2016 release onwards.", 30);
    }
}
