package org.nodeoslab.site.web;

import org.nodeoslab.site.blog.Blog;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Static files: the site's own (css, js, vendor) from the classpath and the posts' files from posts/assets. They are
 * matched before the controllers so the posts' catch-all address pattern never shadows them. Spring's resource
 * resolver refuses paths that climb out of these folders.
 */
@Configuration
class WebConfig implements WebMvcConfigurer {

    private final Blog blog;

    WebConfig(Blog blog) {
        this.blog = blog;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.setOrder(-1);
        for (String folder : new String[] {"css", "js", "vendor"}) {
            registry.addResourceHandler("/" + folder + "/**").addResourceLocations("classpath:/static/" + folder + "/");
        }
        registry.addResourceHandler("/favicon.svg").addResourceLocations("classpath:/static/");
        String assets = blog.postsDir().resolve("assets").toUri().toString();
        registry.addResourceHandler("/assets/**").addResourceLocations(assets.endsWith("/") ? assets : assets + "/");
    }
}
