package org.nodeoslab.site.emulator;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The emulator page at /emulator/ (emulator-web's jar serves its own files beside it: /emulator/terminal.html,
 * /emulator/nodeos-terminal.js, /emulator/emulator.wasm, ...; none of them is an index page).
 */
@Controller
class EmulatorController {

    static final String PATH = "/emulator/";

    private final EmulatorImage image;
    private final EmulatorAssets assets;
    private final StartupStateFile startup;

    EmulatorController(EmulatorImage image, EmulatorAssets assets, StartupStateFile startup) {
        this.image = image;
        this.assets = assets;
        this.startup = startup;
    }

    @GetMapping(PATH)
    String page(Model model) {
        EmulatorImage.State state = image.state();
        model.addAttribute("section", PATH);
        model.addAttribute("image", state);
        model.addAttribute("assets", assets.folder());
        startup.state().ifPresent(s -> {
            model.addAttribute("startup", s);
            model.addAttribute("startupStartBytes", startup.startBytes(s));
        });
        state.manifest().ifPresent(m -> {
            model.addAttribute("manifest", m);
            model.addAttribute("cmdline", image.cmdline(m));
            model.addAttribute("imagePath", ImageFilesController.PATH);
        });
        return "emulator";
    }
}
