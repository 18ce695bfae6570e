package org.supervisordj.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Raw values as measured in spike-posix.md §3. */
class WaitStatusTest {
    @Test
    void decodesLinuxWaitStatuses() {
        assertEquals(new WaitStatus.Exited(0), WaitStatus.decode(0));
        assertEquals(new WaitStatus.Exited(3), WaitStatus.decode(0x0300));
        assertEquals(new WaitStatus.Exited(255), WaitStatus.decode(0xff00));
        assertEquals(new WaitStatus.Killed(15, false), WaitStatus.decode(0x000f));
        assertEquals(new WaitStatus.Killed(9, false), WaitStatus.decode(0x0009));
        assertEquals(new WaitStatus.Killed(11, true), WaitStatus.decode(0x008b));
        assertThrows(IllegalArgumentException.class, () -> WaitStatus.decode(0x137f)); // stopped
        assertThrows(IllegalArgumentException.class, () -> WaitStatus.decode(0xffff)); // continued
    }

    @Test
    void describesLikeSupervisord() {
        assertEquals("exit status 1", new WaitStatus.Exited(1).describe());
        assertEquals("terminated by SIGTERM", new WaitStatus.Killed(15, false).describe());
        assertEquals("terminated by SIGSEGV (core dumped)", new WaitStatus.Killed(11, true).describe());
        assertEquals("terminated by signal 40", new WaitStatus.Killed(40, false).describe());
        assertEquals(-1, new WaitStatus.Killed(9, false).exitStatusForSupervisord());
        assertEquals(2, new WaitStatus.Exited(2).exitStatusForSupervisord());
    }
}
