package org.supervisordj.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.Sources;
import org.supervisordj.config.deploy.DeployCheck;
import org.supervisordj.config.deploy.DeployChecks;
import org.supervisordj.config.deploy.Finding;

/** Prints {@code check --deploy}: findings with their fix on stderr (or JSON on stdout); exit 0 if none, 1 if some. */
final class DeployReport {

    private DeployReport() {
    }

    static int print(Configuration config, Sources sources, List<String> skip, boolean json) throws JsonProcessingException {
        List<DeployCheck> skipped = new ArrayList<>();
        for (String name : skip) {
            DeployCheck c = DeployCheck.named(name);
            if (c == null) {
                System.err.println("error: --skip " + name + ": no deploy check has that id (deploy.W001 .. "
                        + DeployCheck.values()[DeployCheck.values().length - 1].id() + ", see docs/configuration.md)");
                return 2;
            }
            skipped.add(c);
        }
        DeployChecks.Report report;
        try {
            report = DeployChecks.run(config, sources, skipped);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        if (json) {
            List<Map<String, Object>> findings = new ArrayList<>();
            for (Finding f : report.findings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", f.check().id());
                m.put("name", f.check().slug());
                m.put("file", f.file() == null ? null : f.file().toString());
                m.put("line", f.line());
                m.put("section", f.section());
                m.put("key", f.key());
                m.put("message", f.message());
                m.put("fix", f.fix());
                findings.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("findings", findings);
            out.put("silenced", report.silenced());
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        } else {
            for (Finding f : report.findings()) {
                System.err.println("warning: " + f);
                System.err.println("    fix: " + f.fix());
            }
        }
        int n = report.findings().size();
        String silenced = report.silenced() == 0 ? "" : " (" + report.silenced() + " silenced)";
        System.err.println(n == 0 ? "supervisord-j: deploy check found no issues" + silenced
                : "supervisord-j: deploy check identified " + n + (n == 1 ? " issue" : " issues") + silenced);
        return n == 0 ? 0 : 1;
    }
}
