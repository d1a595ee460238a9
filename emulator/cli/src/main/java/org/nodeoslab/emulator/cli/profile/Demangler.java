package org.nodeoslab.emulator.cli.profile;

/**
 * Just enough of the Itanium C++ ABI's name mangling to read a profile: the nested name of a function
 * ({@code _ZN2v88internal6Parser13ParseFunctionE...} is {@code v8::internal::Parser::ParseFunction}), its parameters
 * and template arguments left out. Anything else comes back as it was.
 */
final class Demangler {
    private Demangler() {
    }

    static String qualifiedName(String symbol) {
        if (!symbol.startsWith("_Z")) {
            return symbol;
        }
        int i = 2;
        boolean nested = i < symbol.length() && symbol.charAt(i) == 'N';
        if (nested) {
            i++;
            while (i < symbol.length() && "rVKRO".indexOf(symbol.charAt(i)) >= 0) {
                i++; // cv- and ref-qualifiers of a member function
            }
        }
        StringBuilder name = new StringBuilder();
        while (i < symbol.length()) {
            char c = symbol.charAt(i);
            if (c == 'S' && i + 1 < symbol.length() && symbol.charAt(i + 1) == 't') {
                name.append("std::");
                i += 2;
                continue;
            }
            if (c == 'C' || c == 'D') { // constructor or destructor: the class's name again
                int last = name.lastIndexOf("::", name.length() - 3);
                String type = name.substring(last < 0 ? 0 : last + 2, Math.max(0, name.length() - 2));
                name.append(c == 'D' ? "~" : "").append(type);
                return name.toString();
            }
            if (c == 'I' && name.length() > 2) { // template arguments: not read
                return name.substring(0, name.length() - 2) + "<…>";
            }
            if (!Character.isDigit(c)) {
                break;
            }
            int length = 0;
            while (i < symbol.length() && Character.isDigit(symbol.charAt(i))) {
                length = length * 10 + symbol.charAt(i++) - '0';
            }
            if (i + length > symbol.length()) {
                return symbol;
            }
            name.append(symbol, i, i + length);
            i += length;
            if (!nested) {
                return name.toString();
            }
            name.append("::");
        }
        return name.length() > 2 ? name.substring(0, name.length() - 2) : symbol;
    }
}
