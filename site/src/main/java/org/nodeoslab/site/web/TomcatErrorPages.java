package org.nodeoslab.site.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.nodeoslab.site.blog.BlogConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The site's own error page for requests Tomcat refuses before any filter or servlet sees them (an encoded slash,
 * a NUL byte, a broken percent sign: 400): Tomcat's error report valve is replaced by one that answers with the
 * site's error template and the same security headers as every other answer.
 */
@Component
class TomcatErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ObjectProvider<ITemplateEngine> templates;
    private final SiteInfo site;
    private final Navigation navigation;
    private final BlogConfig blog;
    private final Map<Integer, String> pages = new ConcurrentHashMap<>();

    TomcatErrorPages(ObjectProvider<ITemplateEngine> templates, SiteInfo site, Navigation navigation, BlogConfig blog) {
        this.templates = templates;
        this.site = site;
        this.navigation = navigation;
        this.blog = blog;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                replaceReportValve(context.getParent());
            }
        }));
    }

    private void replaceReportValve(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.getPipeline().addValve(new SiteReportValve());
    }

    /** The error template for a status, rendered once. */
    String page(int status) {
        return pages.computeIfAbsent(status, s -> {
            Context context = new Context();
            context.setVariable("status", s);
            context.setVariable("site", site);
            context.setVariable("nav", navigation);
            context.setVariable("blog", blog);
            return templates.getObject().process("error", context);
        });
    }

    private final class SiteReportValve extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.resetBuffer();
                response.setContentType("text/html;charset=UTF-8");
                response.setHeader("Content-Security-Policy", SecurityHeaders.CSP);
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
                response.setHeader("X-Frame-Options", "DENY");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(page(status));
                    response.finishResponse();
                }
            } catch (IOException | RuntimeException e) {
                // The connection is gone or the template failed: Tomcat's bare status line is all that is left.
            }
        }
    }
}
