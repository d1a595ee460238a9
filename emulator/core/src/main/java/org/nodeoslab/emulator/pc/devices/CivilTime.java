package org.nodeoslab.emulator.pc.devices;

/**
 * Calendar date and time (UTC) from Unix epoch seconds and back, without java.time (not in every TeaVM
 * configuration): the proleptic Gregorian day-count algorithm.
 */
final class CivilTime {
    final int year, month, day, hour, minute, second;
    /** 0 = Sunday. */
    final int weekday;

    private CivilTime(int year, int month, int day, int hour, int minute, int second, int weekday) {
        this.year = year;
        this.month = month;
        this.day = day;
        this.hour = hour;
        this.minute = minute;
        this.second = second;
        this.weekday = weekday;
    }

    static CivilTime ofEpochSeconds(long epoch) {
        long days = Math.floorDiv(epoch, 86400L);
        int secondOfDay = (int) Math.floorMod(epoch, 86400L);
        // Days since 0000-03-01, split into 400-year eras (Howard Hinnant's civil_from_days).
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long dayOfEra = z - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int weekday = (int) Math.floorMod(days + 4, 7L); // 1970-01-01 was a Thursday
        return new CivilTime(year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, weekday);
    }

    static long toEpochSeconds(int year, int month, int day, int hour, int minute, int second) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long mp = month > 2 ? month - 3 : month + 9;
        long dayOfYear = (153 * mp + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        long days = era * 146097 + dayOfEra - 719468;
        return days * 86400 + hour * 3600L + minute * 60L + second;
    }
}
