package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Signals;
import org.supervisordj.process.ProcessState;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver, driven by
 * Selenium): it lists every process, follows a kill and a restart live, tails a log, and asks
 * for credentials where the listener has them. Skipped only where chromium is not installed.
 */
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = TestDaemon.DEADLINE;

    static final String PROGRAMS = """
            [program:web]
            command=sh -c 'echo web ready; exec sleep 1000'
            startsecs=0
            autorestart=true

            [program:echo]
            command=cat
            startsecs=0

            [program:pool]
            command=sleep 1000
            process_name=%(program_name)s_%(process_num)s
            numprocs=2
            startsecs=0

            [program:idle]
            command=sleep 1000
            autostart=false

            [program:crash]
            command=sh -c 'echo boom-on-stderr >&2; exit 3'
            autostart=false
            startsecs=1
            startretries=0
            """;

    static WebDriver browser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String why = "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
        // .ci/run installs them: in CI their absence is a failure, elsewhere a skip.
        if (System.getenv("CI") != null) assertTrue(present, why);
        Assumptions.assumeTrue(present, why);
        // Both paths explicit: Selenium Manager must not look for (or download) a driver or browser.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--disable-extensions", "--window-size=1280,1000");
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 1000));
        return driver;
    }

    static <T> T until(WebDriver driver, String what, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
    }

    static String rowText(WebDriver driver, String namespec, String column) {
        for (WebElement tr : driver.findElements(By.cssSelector("tr[data-namespec]"))) {
            if (namespec.equals(tr.getAttribute("data-namespec"))) {
                return tr.findElement(By.cssSelector("td.col-" + column)).getText();
            }
        }
        return null;
    }

    static String changes(WebDriver driver) {
        return driver.findElement(By.id("changes")).getText();
    }

    @Test
    void showsEveryProcessFollowsKillsAndRestartsAndTailsALog(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS)) {
            int webPid = d.awaitState("web", ProcessState.RUNNING).pid();
            d.awaitState("echo", ProcessState.RUNNING);
            d.awaitState("pool:pool_1", ProcessState.RUNNING);
            Path webLog = Path.of(d.info("web").stdoutLogfile());
            TestDaemon.await(() -> read(webLog).contains("web ready"), "web's ready line");
            WebDriver driver = browser();
            try {
                driver.get(d.uri("/").toString());
                until(driver, "every process listed, running", x -> {
                    List<String> specs = x.findElements(By.cssSelector("tr[data-namespec]")).stream()
                            .map(tr -> tr.getAttribute("data-namespec") + "=" + tr.getAttribute("data-state")).sorted().toList();
                    return specs.equals(List.of("crash=STOPPED", "echo=RUNNING", "idle=STOPPED", "pool:pool_0=RUNNING",
                            "pool:pool_1=RUNNING", "web=RUNNING"));
                });
                until(driver, "the event stream open", x -> x.findElement(By.id("connection")).getText().equals("live"));
                assertEquals(String.valueOf(webPid), rowText(driver, "web", "pid"));
                if (System.getProperty("dashboard.screenshot") != null) screenshot(driver, d);

                // kill -9: the row goes through EXITED and back to RUNNING with a new pid, live.
                ProcessSignals.kill(webPid, Signals.KILL);
                until(driver, "web's exit shown", x -> changes(x).contains("web: RUNNING → EXITED"));
                until(driver, "web back with a new pid", x -> {
                    String pid = rowText(x, "web", "pid");
                    return changes(x).contains("web: STARTING → RUNNING") && !pid.isEmpty()
                            && !pid.equals(String.valueOf(webPid)) && "RUNNING".equals(stateOf(x, "web"));
                });
                int second = d.awaitState("web", ProcessState.RUNNING).pid();
                until(driver, "the row shows the engine's pid", x -> rowText(x, "web", "pid").equals(String.valueOf(second)));

                // Restart by click, confirmed: a new pid.
                driver.findElement(By.cssSelector("button[aria-label='restart web']")).click();
                WebElement ok = until(driver, "the confirmation", x -> {
                    WebElement b = x.findElement(By.id("confirm-ok"));
                    return b.isDisplayed() ? b : null;
                });
                assertTrue(driver.findElement(By.id("confirm-text")).getText().contains("Restart web"));
                ok.click();
                until(driver, "the restart's outcome", x -> x.findElement(By.id("outcome")).getText().contains("web: restart OK"));
                until(driver, "web restarted with a new pid", x -> {
                    String pid = rowText(x, "web", "pid");
                    return !pid.isEmpty() && !pid.equals(String.valueOf(second)) && "RUNNING".equals(stateOf(x, "web"));
                });
                assertNotEquals(second, d.info("web").pid());

                // A failed start: its reason and stderr tail in the outcome, no confirmation asked.
                driver.findElement(By.cssSelector("button[aria-label='start crash']")).click();
                until(driver, "the failed start's stderr", x -> {
                    String outcome = x.findElement(By.id("outcome")).getText();
                    return outcome.contains("crash: start ABNORMAL_TERMINATION") && outcome.contains("boom-on-stderr");
                });

                // Log tail: a line the program prints after the tail is open shows up.
                driver.findElement(By.cssSelector("button[aria-label='log of echo']")).click();
                until(driver, "the tail following", x -> x.findElement(By.id("log-status")).getText().equals("following"));
                assertEquals(200, d.post("/api/v1/processes/echo/stdin", "{\"chars\":\"printed after the tail opened\\n\"}").statusCode());
                until(driver, "the new line in the tail", x -> x.findElement(By.id("log")).getText().contains("printed after the tail opened"));
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void withoutCredentialsThePageIs401AndWithThemItIsLive(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS, "admin", "s3cret", "")) {
            d.awaitState("web", ProcessState.RUNNING);
            var plain = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(d.uri("/")).timeout(WAIT).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, plain.statusCode());
            assertTrue(plain.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
            var page = d.get("/");
            assertEquals(200, page.statusCode());
            assertEquals(DashboardRoutes.CSP, page.headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
            // The same in the browser: the navigation itself is answered 401 and no dashboard renders.
            WebDriver driver = browser();
            try {
                driver.get(d.uri("/").toString());
                Object status = until(driver, "the navigation's response status", x -> ((JavascriptExecutor) x).executeScript(
                        "const n = performance.getEntriesByType('navigation')[0]; return n && n.responseStatus ? n.responseStatus : null;"));
                assertEquals(401L, status);
                assertTrue(driver.findElements(By.cssSelector("tr[data-namespec]")).isEmpty(), "no process row without credentials");
                assertFalse(driver.getPageSource().contains("sleep 1000"), "nothing of the configuration leaks into the 401 page");
                // with the credentials in the URL the page itself loads and its own requests are let in
                java.net.URI u = d.uri("/");
                driver.get("http://admin:s3cret@" + u.getHost() + ":" + u.getPort() + "/");
                until(driver, "rows with credentials", x -> !x.findElements(By.cssSelector("tr[data-namespec]")).isEmpty());
                until(driver, "the event stream with credentials", x -> "live".equals(x.findElement(By.id("connection")).getText()));
            } finally {
                driver.quit();
            }
        }
    }

    static String stateOf(WebDriver driver, String namespec) {
        for (WebElement tr : driver.findElements(By.cssSelector("tr[data-namespec]"))) {
            if (namespec.equals(tr.getAttribute("data-namespec"))) return tr.getAttribute("data-state");
        }
        return null;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // -Ddashboard.screenshot=docs/dashboard.png: the README's picture, with a log open.
    private static void screenshot(WebDriver driver, TestDaemon d) throws Exception {
        d.post("/api/v1/processes/echo/stdin", "{\"chars\":\"GET /health 200\\nGET /api/orders 200\\n\"}");
        driver.findElement(By.cssSelector("button[aria-label='log of echo']")).click();
        until(driver, "the tail", x -> x.findElement(By.id("log")).getText().contains("orders"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Path out = Path.of(System.getProperty("dashboard.screenshot"));
        Files.write(out, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
