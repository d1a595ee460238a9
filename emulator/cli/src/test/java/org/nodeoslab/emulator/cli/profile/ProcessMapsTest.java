package org.nodeoslab.emulator.cli.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading a /proc/PID/maps as the guest's `cat` prints it on the serial console (CR LF, a prompt around it). */
class ProcessMapsTest {
    private static final String CAT = "cat /tmp/nodeos-profile-maps\r\n"
            + "08048000-08049000 r--p 00000000 00:02 10371      /usr/bin/node\r\n"
            + "a5a00000-a7200000 r-xp 006bf000 00:02 10366      /usr/lib/i386-linux-gnu/libnode.so.108\r\n"
            + "a7200000-a7300000 rw-p 00000000 00:00 0 \r\n"
            + "b0000000-b0040000 rwxp 00000000 00:00 0 \r\n"
            + "b7fd7000-b7fd9000 r--p 00031000 00:02 10366      /lib/i386-linux-gnu/ld-linux.so.2\r\n"
            + "nodeos:/$ \u001b[J";

    @Test
    void executableMappingsNameTheFileAndTheOffsetInIt() {
        ProcessMaps maps = ProcessMaps.parse(CAT);
        assertEquals(new ProcessMaps.Place("libnode.so.108", 0x6bf000 + 0x10), maps.placeOf(0xa5a00010));
        assertEquals(new ProcessMaps.Place("[anonymous]", 0x3ffff), maps.placeOf(0xb003ffff));
    }

    @Test
    void nonExecutableAndUnmappedAddressesHaveNoPlace() {
        ProcessMaps maps = ProcessMaps.parse(CAT);
        assertNull(maps.placeOf(0x08048000)); // read-only
        assertNull(maps.placeOf(0xa7200000)); // data
        assertNull(maps.placeOf(0x10000000)); // nothing
        assertTrue(ProcessMaps.parse("nodeos:/$ cat: no such file").isEmpty());
    }
}
