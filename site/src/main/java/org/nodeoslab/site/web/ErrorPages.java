package org.nodeoslab.site.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.nodeoslab.site.blog.BlogConfig;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The site's own 404 page for every address nothing answers (unknown pages, missing files under /assets/...),
 * and what every template reads: the site, its sections, the blog's settings.
 */
@ControllerAdvice
class ErrorPages {

    private final SiteInfo site;
    private final Navigation navigation;
    private final BlogConfig blog;

    private final SlashRedirect slashRedirect;

    ErrorPages(SiteInfo site, Navigation navigation, BlogConfig blog, SlashRedirect slashRedirect) {
        this.site = site;
        this.navigation = navigation;
        this.blog = blog;
        this.slashRedirect = slashRedirect;
    }

    @ModelAttribute("site")
    SiteInfo site() {
        return site;
    }

    @ModelAttribute("nav")
    Navigation navigation() {
        return navigation;
    }

    @ModelAttribute("blog")
    BlogConfig blog() {
        return blog;
    }

    @ExceptionHandler({PageNotFound.class, NoResourceFoundException.class})
    ModelAndView notFound(HttpServletRequest request, HttpServletResponse response) {
        String slash = slashRedirect.target(request);
        if (slash != null) {
            org.springframework.web.servlet.view.RedirectView redirect = new org.springframework.web.servlet.view.RedirectView(slash);
            redirect.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
            return new ModelAndView(redirect);
        }
        // A missing stylesheet's handler has already said text/css: the page that answers is HTML.
        response.setContentType("text/html;charset=UTF-8");
        ModelAndView page = new ModelAndView("not-found", HttpStatus.NOT_FOUND);
        page.addObject("site", site);
        page.addObject("nav", navigation);
        page.addObject("blog", blog);
        return page;
    }
}
