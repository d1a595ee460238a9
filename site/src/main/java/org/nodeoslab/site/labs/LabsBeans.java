package org.nodeoslab.site.labs;

import org.nodeoslab.site.export.ExportedFiles;
import org.nodeoslab.site.web.SiteSection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Labs in the site's header, and in the static export (which refuses a broken lab, naming file and line). */
@Configuration
class LabsBeans {

    @Bean
    SiteSection labsSection() {
        return new SiteSection("Labs", LabsController.PATH,
                "Boot NodeOS in your browser and build it up step by step; every step is checked.", 10);
    }

    @Bean
    ExportedFiles labsExport(Labs labs) {
        return new ExportedFiles() {
            @Override
            public java.util.List<String> paths() {
                LabsSnapshot snapshot = labs.snapshot();
                java.util.List<String> paths = new java.util.ArrayList<>();
                paths.add(LabsController.PATH);
                snapshot.labs().forEach(l -> paths.add(LabsController.PATH + l.id() + "/lab.json"));
                return paths;
            }

            @Override
            public java.util.List<String> problems() {
                return labs.snapshot().problems().stream().map(LabProblem::toString).toList();
            }
        };
    }
}
