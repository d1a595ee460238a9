package org.nodeoslab.site.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class JekyllDatesTest {

    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

    @Test
    void theFormsJekyllAccepts() {
        assertEquals(ZonedDateTime.parse("2016-03-03T00:11:31Z").toInstant(),
                JekyllDates.parse("2016-03-03T00:11:31Z", MADRID).toInstant());
        assertEquals(ZonedDateTime.parse("2016-03-03T10:20:30+01:00").toInstant(),
                JekyllDates.parse("2016-03-03 10:20:30 +0100", MADRID).toInstant());
        assertEquals(ZonedDateTime.parse("2016-03-03T10:20:00-05:00").toInstant(),
                JekyllDates.parse("2016-03-03 10:20 -05:00", MADRID).toInstant());
    }

    @Test
    void aDateWithoutZoneIsInTheSitesZone() {
        assertEquals(ZonedDateTime.of(2016, 3, 3, 0, 0, 0, 0, MADRID), JekyllDates.parse("2016-03-03", MADRID));
    }

    @Test
    void impossibleDatesAreErrorsNotRolledOver() {
        for (String bad : new String[] {"2016-02-30", "2015-02-29", "2016-13-01", "2016-03-03 25:00"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JekyllDates.parse(bad, MADRID), bad);
            assertTrue(e.getMessage().startsWith("impossible date \"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void theMessageSaysWhatIsImpossible() {
        assertEquals("impossible date \"2015-02-29\": February 2015 has 28 days",
                assertThrows(IllegalArgumentException.class, () -> JekyllDates.parse("2015-02-29", MADRID)).getMessage());
        assertEquals("impossible date \"2016-13-01\": there is no month 13",
                assertThrows(IllegalArgumentException.class, () -> JekyllDates.parse("2016-13-01", MADRID)).getMessage());
        assertEquals("impossible date \"2016-03-03 24:00\": a time of day runs from 00:00:00 to 23:59:59",
                assertThrows(IllegalArgumentException.class, () -> JekyllDates.parse("2016-03-03 24:00", MADRID))
                        .getMessage());
    }

    @Test
    void textThatIsNoDateSaysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JekyllDates.parse("March 3rd", MADRID));
        assertEquals("date \"March 3rd\" is not YYYY-MM-DD [HH:MM[:SS]] [zone]", e.getMessage());
    }
}
