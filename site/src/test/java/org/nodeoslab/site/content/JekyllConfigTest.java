package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Jekyll site's _config.yml: the keys the blog uses, and a clear file:line for values Jekyll would refuse. */
class JekyllConfigTest {

    @TempDir
    Path dir;

    private JekyllConfig read(String yaml) throws IOException {
        Files.writeString(dir.resolve("_config.yml"), yaml);
        return JekyllConfig.read(dir.resolve("_config.yml"), "blog/_config.yml");
    }

    @Test
    void readsTheKeysTheBlogUses() throws IOException {
        JekyllConfig c = read("""
                # a real-looking config
                title: "Ana's notes"
                description: >-
                  Systems, mostly.
                url: "https://ana.example.org"
                baseurl: "/notes/"
                permalink: pretty
                timezone: Europe/Madrid
                paginate: 4
                paginate_path: "/page:num/"
                plugins: [jekyll-feed, jekyll-paginate]
                feed:
                  posts_limit: 3
                """);
        assertEquals("Ana's notes", c.title());
        assertEquals("Systems, mostly.", c.description());
        assertEquals("https://ana.example.org", c.url());
        assertEquals("/notes", c.baseurl());
        assertEquals("pretty", c.permalink());
        assertEquals(ZoneId.of("Europe/Madrid"), c.timezone());
        assertEquals(4, c.paginate());
        assertEquals("/page:num/", c.paginatePath());
        assertEquals(3, c.feedLimit());
    }

    @Test
    void anAbsentFileOrKeyIsNull() throws IOException {
        assertEquals(JekyllConfig.NONE, JekyllConfig.read(dir.resolve("none.yml"), "none.yml"));
        JekyllConfig c = read("title: x\nbaseurl: \"\"\n");
        assertNull(c.baseurl());
        assertNull(c.paginate());
        assertNull(c.feedLimit());
    }

    @Test
    void badValuesNameTheFileAndLine() throws IOException {
        assertEquals("blog/_config.yml:3: timezone \"Mars/Olympus\" is not an IANA zone such as Europe/Madrid",
                assertThrows(ContentException.class, () -> read("title: x\n\ntimezone: Mars/Olympus\n")).getMessage());
        assertEquals("blog/_config.yml:2: paginate_path \"/page/\" must contain :num",
                assertThrows(ContentException.class, () -> read("paginate: 5\npaginate_path: /page/\n")).getMessage());
        assertEquals("blog/_config.yml:1: paginate must be a whole number above 0, not \"five\"",
                assertThrows(ContentException.class, () -> read("paginate: five\n")).getMessage());
        assertEquals("blog/_config.yml:1: baseurl \"/../up\" must be a plain path such as /blog",
                assertThrows(ContentException.class, () -> read("baseurl: /../up\n")).getMessage());
        ContentException yaml = assertThrows(ContentException.class, () -> read("title: x\nexclude: [a, b\nurl: y\n"));
        assertEquals(3, yaml.line(), yaml.getMessage());
    }
}
