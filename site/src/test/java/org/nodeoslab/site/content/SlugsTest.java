package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nodeoslab.site.content.Slugs.Mode;

/** Jekyll's slugify, case by case (the expectations are Jekyll's own behaviour, Utils.slugify). */
class SlugsTest {

    @Test
    void defaultModeReplacesEveryRunOfNonAlphanumericsWithOneHyphenAndLowersCase() {
        assertEquals("the-config-yml-file", Slugs.slugify("The _config.yml file"));
        assertEquals("working-with-drafts", Slugs.slugify("  Working with drafts   "));
        assertEquals("jekyll-s-drafts", Slugs.slugify("Jekyll's drafts"));
        assertEquals("wiki-flowchart", Slugs.slugify("[Wiki] Flowchart"));
        assertEquals("10-things-how-to", Slugs.slugify("10 Things/How-to"));
        assertEquals("quick-start-guide", Slugs.slugify("Quick-start guide"));
    }

    @Test
    void defaultModeKeepsNonAsciiLettersAndDropsTrailingPunctuation() {
        assertEquals("fürtive-glance", Slugs.slugify("fürtive glance!!!!"));
        assertEquals("日本語-title", Slugs.slugify("日本語 title"));
    }

    @Test
    void prettyModeKeepsUrlSafePunctuation() {
        assertEquals("the-_config.yml-file", Slugs.slugify("The _config.yml file?", Mode.PRETTY, false));
        assertEquals("._~!$&'()+,;=@", Slugs.slugify("._~!$&'()+,;=@", Mode.PRETTY, false));
        assertEquals("jekyll's-drafts", Slugs.slugify("Jekyll's drafts", Mode.PRETTY, false));
    }

    @Test
    void casedKeepsTheCaseAsWritten() {
        assertEquals("The-_config.yml-file", Slugs.slugify("The _config.yml file?", Mode.PRETTY, true));
        assertEquals("Not-A-Toy", Slugs.slugify("Not A Toy", Mode.DEFAULT, true));
    }

    @Test
    void rawModeOnlyReplacesWhitespace() {
        assertEquals("the-_config.yml-file?", Slugs.slugify("The _config.yml file?", Mode.RAW, false));
        // Jekyll strips one hyphen at each end, not a run of them.
        assertEquals("-a-", Slugs.slugify("--a--", Mode.RAW, false));
    }

    @Test
    void asciiModeDropsEverythingButAsciiLettersAndDigits() {
        assertEquals("f-rtive-glance", Slugs.slugify("fürtive glance!!!!", Mode.ASCII, false));
    }

    @Test
    void latinModeTransliteratesAccents() {
        assertEquals("apfel-und-uber", Slugs.slugify("Äpfel und Über", Mode.LATIN, false));
        assertEquals("furtive-glance", Slugs.slugify("fürtive glance!!!!", Mode.LATIN, false));
    }
}
