package org.nodeoslab.site.labs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.nodeoslab.site.content.MarkdownRenderer;

/** Turns a parsed lab into its page's {@link LabView}: Markdown to safe HTML, blocks to {@link LabData}. */
public final class LabRenderer {

    private final MarkdownRenderer markdown;

    public LabRenderer(MarkdownRenderer markdown) {
        this.markdown = markdown;
    }

    public LabView render(ParsedLab parsed, String version) {
        Lab lab = parsed.lab();
        if (!parsed.ok()) {
            return new LabView(parsed, "", List.of(), null, version);
        }
        List<LabView.StepView> steps = new ArrayList<>();
        List<LabData.Step> data = new ArrayList<>();
        for (LabStep step : lab.steps()) {
            List<LabView.PartView> parts = new ArrayList<>();
            for (LabStep.Part part : step.instructions()) {
                if (part instanceof LabStep.Prose prose) {
                    parts.add(new LabView.PartView(markdown.render(prose.markdown()), null, null));
                } else if (part instanceof LabStep.Commands c) {
                    parts.add(new LabView.PartView(null, c.shown(), String.join("\n", c.commands())));
                }
            }
            List<String> hints = step.hints().stream().map(markdown::render).toList();
            String solution = String.join("\n", step.solutionLines());
            steps.add(new LabView.StepView(step.number(), step.title(), step.anchor(), parts, hints, solution,
                    step.check() != null, step.expect() != null));
            data.add(new LabData.Step(step.number(), step.title(), step.anchor(), text(step.setup()),
                    step.check() == null ? null : new LabData.Check(step.check().language(), step.check().text()),
                    step.expect() == null ? null : LabExpect.regexOf(step.expect()), step.solutionLines(),
                    step.hints().size()));
        }
        return new LabView(parsed, markdown.render(lab.intro()), steps,
                new LabData(lab.id(), lab.title(), version, files(lab), data), version);
    }

    private static String text(LabBlock block) {
        return block == null ? null : block.text();
    }

    private static List<LabData.File> files(Lab lab) {
        List<LabData.File> out = new ArrayList<>();
        for (LabFile f : lab.files()) {
            try {
                byte[] bytes = Files.readAllBytes(lab.folder().resolve(f.from()));
                out.add(new LabData.File(f.to(), f.octalMode(), Base64.getEncoder().encodeToString(bytes)));
            } catch (IOException e) {
                // The lint reported the missing file; a lab with problems is not rendered.
            }
        }
        return out;
    }
}
