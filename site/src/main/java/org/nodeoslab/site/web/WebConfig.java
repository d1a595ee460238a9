package org.nodeoslab.site.web;

import org.nodeoslab.site.blog.Blog;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The posts' own files: posts/assets/x.png is served as /assets/x.png. The site's css, js and vendor files, and
 * any jar's static files (the emulator's, under /emulator/), are Spring Boot's usual classpath:/static/ and
 * META-INF/resources/. Spring's resource resolver refuses paths that climb out of these folders.
 */
@Configuration
class WebConfig implements WebMvcConfigurer {

    private final Blog blog;

    WebConfig(Blog blog) {
        this.blog = blog;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        String assets = blog.postsDir().resolve("assets").toUri().toString();
        registry.addResourceHandler("/assets/**").addResourceLocations(assets.endsWith("/") ? assets : assets + "/");
    }
}
