package org.supervisordj.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourceLimitsTest {

    @Test
    void aLimitAlreadyHighEnoughIsLeftAlone() throws Exception {
        long[] before = ResourceLimits.get(ResourceLimits.NOFILE);
        assertArrayEquals(before, ResourceLimits.raiseTo(ResourceLimits.NOFILE, 16));
    }

    @Test
    void softLimitIsRaisedWithinTheHardLimit() throws Exception {
        long[] before = ResourceLimits.get(ResourceLimits.NOFILE);
        assertTrue(before[1] == -1 || before[1] > 64, "hard limit too low for this test");
        try {
            // Lower the soft limit a little, then ask for it back: what minfds does at start-up.
            RawLimits.setSoft(ResourceLimits.NOFILE, 64, before[1]);
            assertEquals(64, ResourceLimits.get(ResourceLimits.NOFILE)[0]);
            assertEquals(before[0], ResourceLimits.raiseTo(ResourceLimits.NOFILE, before[0])[0]);
            assertEquals(before[0], ResourceLimits.get(ResourceLimits.NOFILE)[0]);
        } finally {
            RawLimits.setSoft(ResourceLimits.NOFILE, before[0], before[1]);
        }
    }

    @Test
    void aMinimumAboveWhatIsAllowedIsRefusedWithTheErrno() throws Exception {
        long[] before = ResourceLimits.get(ResourceLimits.NOFILE);
        try {
            RawLimits.setSoft(ResourceLimits.NOFILE, 64, before[1]);
            // Beyond the kernel's nr_open even root cannot go.
            PosixException e = assertThrows(PosixException.class, () -> ResourceLimits.raiseTo(ResourceLimits.NOFILE, 1L << 40));
            assertTrue(e.getMessage().contains("setrlimit"), e.getMessage());
        } finally {
            RawLimits.setSoft(ResourceLimits.NOFILE, before[0], before[1]);
        }
    }

    /** Test-only access to setrlimit. */
    static final class RawLimits {
        static void setSoft(int resource, long soft, long hard) {
            assertEquals(0, Libc.C.setrlimit(resource, new long[] {soft, hard}));
        }
    }
}
