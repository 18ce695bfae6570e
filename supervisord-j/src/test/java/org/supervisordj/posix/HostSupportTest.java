package org.supervisordj.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HostSupportTest {
    private static final String NEEDS = "supervisord-j needs glibc 2.34 or newer (for "
            + "posix_spawn_file_actions_addclosefrom_np, which keeps the daemon's descriptors out of its programs)";

    @Test
    void thisHostIsSupported() {
        assertNull(HostSupport.refusal()); // CI's and the developers' machines: x86_64, glibc >= 2.34
    }

    @Test
    void glibcOlderThan234IsRefusedNamingTheVersion() {
        assertEquals(NEEDS + "; this system has glibc 2.31", HostSupport.refusal("Linux", "amd64", "2.31"));
        assertEquals(NEEDS + "; this system has glibc 2.33", HostSupport.refusal("Linux", "amd64", "2.33"));
        assertEquals(NEEDS + "; this system has glibc 1.99", HostSupport.refusal("Linux", "amd64", "1.99"));
        assertEquals(NEEDS + "; this system's C library is not glibc", HostSupport.refusal("Linux", "amd64", null));
        assertEquals(NEEDS + "; this system's glibc reports an unreadable version 'x'",
                HostSupport.refusal("Linux", "amd64", "x"));
    }

    @Test
    void glibc234AndNewerAreAccepted() {
        assertNull(HostSupport.refusal("Linux", "amd64", "2.34"));
        assertNull(HostSupport.refusal("Linux", "amd64", "2.36"));
        assertNull(HostSupport.refusal("Linux", "x86_64", "2.40.9000"));
        assertNull(HostSupport.refusal("Linux", "amd64", "3.0"));
    }

    @Test
    void otherArchitecturesAndSystemsAreRefused() {
        assertEquals("supervisord-j runs on x86_64 only (its posix_spawn flags and structure sizes are x86_64 "
                + "glibc's); this machine is aarch64", HostSupport.refusal("Linux", "aarch64", "2.36"));
        assertEquals("supervisord-j runs on x86_64 only (its posix_spawn flags and structure sizes are x86_64 "
                + "glibc's); this machine is x86", HostSupport.refusal("Linux", "x86", "2.36"));
        assertEquals("supervisord-j runs on Linux only; this system is Mac OS X",
                HostSupport.refusal("Mac OS X", "aarch64", null));
    }
}
