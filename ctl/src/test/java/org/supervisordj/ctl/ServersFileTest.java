package org.supervisordj.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --servers FILE: a section per server; mistakes named with file and line; passwords only in a private file. */
class ServersFileTest {
    @TempDir
    Path dir;

    private Path file(String text, String mode) throws IOException {
        Path p = dir.resolve("servers.ini");
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void sectionsInOrderWithTheirCredentials() throws IOException {
        List<ServersFile.Entry> e = ServersFile.read(file("[web1]\nurl = http://10.0.0.1:9001\nusername = a\npassword = b\n"
                + "[web2]\nurl = unix:///run/x.sock\n", "rw-------"));
        assertEquals(List.of(new ServersFile.Entry("web1", "http://10.0.0.1:9001", "a", "b"),
                new ServersFile.Entry("web2", "unix:///run/x.sock", null, null)), e);
    }

    @Test
    void withoutPasswordsTheFileMayBeReadable() throws IOException {
        assertEquals(1, ServersFile.read(file("[web1]\nurl = http://h:1\n", "rw-r--r--")).size());
    }

    @Test
    void aPasswordOthersCanReadIsRefused() throws IOException {
        Path f = file("[web1]\nurl = http://h:1\npassword = secret\n", "rw-r-----");
        CtlException e = assertThrows(CtlException.class, () -> ServersFile.read(f));
        assertEquals(ExitStatus.INVALID_ARGS, e.status);
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void mistakesNameFileAndLine() throws IOException {
        Path unknown = file("[web1]\nurl = http://h:1\nuser = a\n", "rw-------");
        assertTrue(assertThrows(CtlException.class, () -> ServersFile.read(unknown)).getMessage()
                .matches(".*servers.ini.*3.*unknown key 'user'.*"));
        Path noUrl = file("[web1]\nusername = a\n", "rw-------");
        assertTrue(assertThrows(CtlException.class, () -> ServersFile.read(noUrl)).getMessage().contains("[web1] has no url"));
        Path badUrl = file("[web1]\nurl = ftp://h\n", "rw-------");
        assertTrue(assertThrows(CtlException.class, () -> ServersFile.read(badUrl)).getMessage().contains("bad server URL"));
        Path empty = file("", "rw-------");
        assertTrue(assertThrows(CtlException.class, () -> ServersFile.read(empty)).getMessage().contains("no servers"));
    }
}
