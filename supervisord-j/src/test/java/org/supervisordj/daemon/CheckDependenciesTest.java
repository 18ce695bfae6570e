package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} on depends_on= and the probe keys: cycles and unknown names with file:line, bad probes. */
class CheckDependenciesTest {

    @TempDir
    Path dir;

    private Path conf(String programs) throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("log") + "\npidfile=" + dir.resolve("pid") + "\n" + programs);
        return conf;
    }

    @Test
    void aCycleIsReportedOnceAtTheDependsOnLine() throws Exception {
        Path conf = conf("[program:a]\ncommand=/bin/true\ndepends_on=b\n"      // lines 4-6
                + "[program:b]\ncommand=/bin/true\ndepends_on=c\n"           // lines 7-9
                + "[program:c]\ncommand=/bin/true\ndepends_on=a\n");         // lines 10-12
        CheckRun r = CheckRun.of("-c", conf.toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("depends_on makes a cycle: a -> b -> c -> a"), r.all());
        assertTrue(r.all().contains(conf + ":12: [program:c] depends_on"), r.all());
        assertEquals(1, r.all().split("makes a cycle", -1).length - 1, "one report per cycle: " + r.all());
    }

    @Test
    void aProgramDependingOnItsOwnGroupIsACycle() throws Exception {
        Path conf = conf("[group:web]\nprograms=app,db\n[program:app]\ncommand=/bin/true\ndepends_on=web\n"
                + "[program:db]\ncommand=/bin/true\n");
        CheckRun r = CheckRun.of("-c", conf.toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("depends_on makes a cycle: web:app -> web:app"), r.all());
    }

    @Test
    void unknownNamesAndBadProbesAreErrorsWithTheirLine() throws Exception {
        Path conf = conf("[program:app]\ncommand=/bin/true\ndepends_on=db, cache\n[program:bad]\ncommand=/bin/true\n"
                + "ready=tcp:localhost\nhealthcheck=https://localhost/\nhealthcheck_fall=0\n[program:db]\ncommand=/bin/true\n");
        CheckRun r = CheckRun.of("-c", conf.toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains(conf + ":6: [program:app] depends_on: depends_on names 'cache', which is no program, group or process"), r.all());
        assertTrue(r.all().contains(conf + ":9: [program:bad] ready: expected tcp:HOST:PORT"), r.all());
        assertTrue(r.all().contains(conf + ":10: [program:bad] healthcheck: https checks are not supported"), r.all());
        assertTrue(r.all().contains(conf + ":11: [program:bad] healthcheck_fall: must be >= 1"), r.all());
    }

    @Test
    void groupsProgramsAndNamespecsResolve() throws Exception {
        Path conf = conf("[group:django]\nprograms=migrate,web\n[program:migrate]\ncommand=/bin/true\nautorestart=false\n"
                + "[program:web]\ncommand=/bin/true\ndepends_on=django:migrate\nready=http://127.0.0.1:8001/\n"
                + "healthcheck=tcp:127.0.0.1:8001\n[program:nginx]\ncommand=/bin/true\ndepends_on=django\n"
                + "[program:worker]\ncommand=/bin/true\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\n"
                + "depends_on=migrate\n");
        CheckRun r = CheckRun.of("-c", conf.toString());
        assertEquals(0, r.exit(), r.all());
    }
}
