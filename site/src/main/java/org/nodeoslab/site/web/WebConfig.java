package org.nodeoslab.site.web;

import org.nodeoslab.site.blog.Blog;
import org.nodeoslab.site.blog.BlogConfig;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The blog's own files: each static folder of its Jekyll site (posts/assets/x.png, or a Jekyll site's assets/ and
 * images/) is served under the blog's prefix, /blog/assets/x.png, as Jekyll copies them under its baseurl. The site's
 * css, js and vendor files, and any jar's static files (the emulator's, under /emulator/), are Spring Boot's usual
 * classpath:/static/ and META-INF/resources/. Spring's resource resolver refuses paths that climb out of these folders.
 */
@Configuration
class WebConfig implements WebMvcConfigurer {

    private final Blog blog;
    private final BlogConfig config;

    WebConfig(Blog blog, BlogConfig config) {
        this.blog = blog;
        this.config = config;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        for (String folder : blog.site().staticFolders()) {
            String location = blog.site().root().resolve(folder).toUri().toString();
            registry.addResourceHandler(config.settings().prefix() + "/" + folder + "/**")
                    .addResourceLocations(location.endsWith("/") ? location : location + "/");
        }
    }
}
