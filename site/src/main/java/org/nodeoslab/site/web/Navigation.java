package org.nodeoslab.site.web;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

/** The site's sections, in order: the header's links and the front door's cards. */
@Component
public class Navigation {

    private final List<SiteSection> sections;

    Navigation(List<SiteSection> sections) {
        // A path declared twice (a test's bean beside the module's own) is one section: the first by order.
        java.util.Set<String> seen = new java.util.HashSet<>();
        this.sections = sections.stream().sorted(Comparator.comparingInt(SiteSection::order)
                .thenComparing(SiteSection::path)).filter(s -> seen.add(s.path())).toList();
    }

    public List<SiteSection> sections() {
        return sections;
    }

    /** The newcomer's first step: the first section (the labs, once they exist). */
    public SiteSection firstStep() {
        return sections.isEmpty() ? null : sections.get(0);
    }
}
