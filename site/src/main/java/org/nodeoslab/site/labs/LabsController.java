package org.nodeoslab.site.labs;

import org.nodeoslab.site.labs.progress.ProgressProperties;
import org.nodeoslab.site.web.PageNotFound;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import tools.jackson.databind.json.JsonMapper;

/**
 * The labs: the catalogue at /labs/, each lab at /labs/ID/ (its steps' data embedded, and at /labs/ID/lab.json),
 * and /labs/ID/version, which the page polls in dev mode to redraw itself when the lab's files change.
 */
@Controller
class LabsController {

    static final String PATH = "/labs/";

    private final Labs labs;
    private final JsonMapper json;
    private final LabPageMachine machine;
    private final ProgressProperties progress;

    LabsController(Labs labs, JsonMapper json, LabPageMachine machine, ProgressProperties progress) {
        this.labs = labs;
        this.json = json;
        this.machine = machine;
        this.progress = progress;
    }

    @GetMapping(PATH)
    String catalogue(Model model) {
        LabsSnapshot snapshot = labs.snapshot();
        model.addAttribute("section", PATH);
        model.addAttribute("labs", snapshot.labs());
        model.addAttribute("titles", snapshot.titles());
        model.addAttribute("progressApi", progress.apiForPages());
        return "labs";
    }

    @GetMapping(PATH + "{id}/")
    String lab(@PathVariable String id, Model model, jakarta.servlet.http.HttpServletResponse response) {
        LabsSnapshot snapshot = labs.snapshot();
        LabView view = snapshot.lab(id).orElseThrow(() -> new PageNotFound(PATH + id + "/"));
        model.addAttribute("section", PATH);
        model.addAttribute("lab", view);
        model.addAttribute("titles", snapshot.titles());
        model.addAttribute("next", snapshot.next(id).orElse(null));
        model.addAttribute("live", labs.live());
        model.addAttribute("machine", machine.config());
        model.addAttribute("progressApi", progress.apiForPages());
        if (view.ok()) {
            // "</" cannot end the embedding <script> element early once written as "<\/".
            model.addAttribute("data", json.writeValueAsString(view.data()).replace("</", "<\\/"));
        } else {
            response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        }
        return "lab";
    }

    @GetMapping(value = PATH + "{id}/lab.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<LabData> data(@PathVariable String id) {
        LabView view = labs.snapshot().lab(id).orElseThrow(() -> new PageNotFound(PATH + id + "/lab.json"));
        if (!view.ok()) {
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).build();
        }
        return ResponseEntity.ok(view.data());
    }

    @GetMapping(value = PATH + "{id}/version", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> version(@PathVariable String id) {
        String version = labs.snapshot().lab(id).map(LabView::version).orElse("gone");
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(version);
    }
}
