package org.nodeoslab.site.web;

import jakarta.servlet.http.HttpServletResponse;
import org.nodeoslab.site.SiteProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The site's own 404 page for every address nothing answers (unknown pages, missing files under /assets/...),
 * and the site settings every template reads.
 */
@ControllerAdvice
class ErrorPages {

    private final SiteProperties site;
    private final Navigation navigation;

    ErrorPages(SiteProperties site, Navigation navigation) {
        this.site = site;
        this.navigation = navigation;
    }

    @ModelAttribute("site")
    SiteProperties site() {
        return site;
    }

    @ModelAttribute("nav")
    Navigation navigation() {
        return navigation;
    }

    @ExceptionHandler({PageNotFound.class, NoResourceFoundException.class})
    ModelAndView notFound(HttpServletResponse response) {
        // A missing stylesheet's handler has already said text/css: the page that answers is HTML.
        response.setContentType("text/html;charset=UTF-8");
        ModelAndView page = new ModelAndView("not-found", HttpStatus.NOT_FOUND);
        page.addObject("site", site);
        page.addObject("nav", navigation);
        return page;
    }
}
