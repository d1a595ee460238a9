package org.nodeoslab.site.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.nodeoslab.site.SiteProperties;
import org.springframework.stereotype.Component;

/** The header's links: the configured ones ({@code site.nav}, the blog's by default), then every {@link SiteSection}. */
@Component
public class Navigation {

    private final List<SiteProperties.NavItem> items;

    Navigation(SiteProperties site, List<SiteSection> sections) {
        List<SiteProperties.NavItem> all = new ArrayList<>(site.navItems());
        sections.stream().sorted(Comparator.comparingInt(SiteSection::order))
                .forEach(s -> all.add(new SiteProperties.NavItem(s.label(), s.href())));
        this.items = List.copyOf(all);
    }

    public List<SiteProperties.NavItem> items() {
        return items;
    }
}
