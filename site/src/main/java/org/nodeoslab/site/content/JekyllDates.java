package org.nodeoslab.site.content;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Front matter dates as Jekyll accepts them: {@code 2016-03-03}, {@code 2016-03-03 10:20}, {@code 2016-03-03 10:20:30
 * +0100}, {@code 2016-03-03T00:11:31Z}, {@code 2016-03-03T00:11:31.5+01:00}. A date without a zone is in the site's
 * zone. Impossible dates (February 30th, hour 25) are errors, never rolled over.
 */
public final class JekyllDates {

    private static final Pattern DATE = Pattern.compile(
            "^(\\d{4})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:[Tt ]\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
                    + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}:?\\d{2}|[+-]\\d{1,2})?$");

    private JekyllDates() {
    }

    /**
     * @throws IllegalArgumentException with the reason when the text is not a date that exists
     */
    public static ZonedDateTime parse(String text, ZoneId defaultZone) {
        Matcher m = DATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("date \"" + text + "\" is not YYYY-MM-DD [HH:MM[:SS]] [zone]");
        }
        int year = num(m.group(1));
        int month = num(m.group(2));
        int dayOfMonth = num(m.group(3));
        if (month < 1 || month > 12) {
            throw impossible(text, "there is no month " + month);
        }
        YearMonth yearMonth = YearMonth.of(year, month);
        if (dayOfMonth < 1 || dayOfMonth > yearMonth.lengthOfMonth()) {
            throw impossible(text, yearMonth.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + year
                    + " has " + yearMonth.lengthOfMonth() + " days");
        }
        LocalTime time = LocalTime.MIDNIGHT;
        if (m.group(4) != null) {
            int hour = num(m.group(4));
            int minute = num(m.group(5));
            int second = m.group(6) == null ? 0 : num(m.group(6));
            if (hour > 23 || minute > 59 || second > 59) {
                throw impossible(text, "a time of day runs from 00:00:00 to 23:59:59");
            }
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
            time = LocalTime.of(hour, minute, second, nanos);
        }
        ZoneId zone;
        try {
            zone = m.group(8) == null ? defaultZone : zone(m.group(8));
        } catch (DateTimeException e) {
            throw impossible(text, "the zone offset is out of range");
        }
        return ZonedDateTime.of(LocalDateTime.of(yearMonth.atDay(dayOfMonth), time), zone);
    }

    private static IllegalArgumentException impossible(String text, String why) {
        return new IllegalArgumentException("impossible date \"" + text + "\": " + why);
    }

    private static ZoneId zone(String z) {
        if (z.equalsIgnoreCase("Z") || z.equals("UTC") || z.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = z.substring(1).replace(":", "");
        int hours;
        int minutes = 0;
        if (digits.length() <= 2) {
            hours = Integer.parseInt(digits);
        } else {
            hours = Integer.parseInt(digits.substring(0, 2));
            minutes = Integer.parseInt(digits.substring(2));
        }
        int sign = z.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    private static int num(String s) {
        return Integer.parseInt(s);
    }
}
