package org.nodeoslab.image.debian;

/** Compares Debian version strings ([epoch:]upstream[-revision]) exactly as dpkg does. */
public final class DebianVersion {

    private DebianVersion() {
    }

    public static int compare(String a, String b) {
        int epochA = epoch(a);
        int epochB = epoch(b);
        if (epochA != epochB) {
            return Integer.compare(epochA, epochB);
        }
        String restA = withoutEpoch(a);
        String restB = withoutEpoch(b);
        int dashA = restA.lastIndexOf('-');
        int dashB = restB.lastIndexOf('-');
        String upstreamA = dashA < 0 ? restA : restA.substring(0, dashA);
        String upstreamB = dashB < 0 ? restB : restB.substring(0, dashB);
        int c = compareFragment(upstreamA, upstreamB);
        if (c != 0) {
            return c;
        }
        return compareFragment(dashA < 0 ? "" : restA.substring(dashA + 1), dashB < 0 ? "" : restB.substring(dashB + 1));
    }

    /** Whether {@code version} satisfies a relation from a Depends field: {@code <<, <=, =, >=, >>}. */
    public static boolean satisfies(String version, String relation, String wanted) {
        int c = compare(version, wanted);
        return switch (relation) {
            case "<<", "<" -> c < 0;
            case "<=" -> c <= 0;
            case "=" -> c == 0;
            case ">=" -> c >= 0;
            case ">>", ">" -> c > 0;
            default -> throw new IllegalArgumentException("unknown version relation '" + relation + "'");
        };
    }

    private static int epoch(String v) {
        int colon = v.indexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(v.substring(0, colon));
    }

    private static String withoutEpoch(String v) {
        int colon = v.indexOf(':');
        return colon < 0 ? v : v.substring(colon + 1);
    }

    /** dpkg's verrevcmp: alternating non-digit and digit runs; '~' sorts before everything, even the end. */
    private static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Character.isDigit(a.charAt(i)))
                    || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    private static int order(String s, int index) {
        if (index >= s.length()) {
            return 0;
        }
        char c = s.charAt(index);
        if (Character.isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }
}
