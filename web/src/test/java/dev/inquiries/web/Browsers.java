package dev.inquiries.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real browsers for a test class: Debian's Chromium, headless, driven through Debian's chromedriver (never a
 * driver or browser that Selenium would download). Without them the class fails, saying what to install: a
 * browser test that skips where the browser is missing would pass on every machine that cannot run it.
 * Register it on a static field; it quits every browser it opened after the class, and keeps screenshots
 * under {@code target/screenshots}: those a test takes, and one of every browser when a test fails.
 */
final class Browsers implements BeforeAllCallback, AfterTestExecutionCallback, AfterAllCallback {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final List<ChromeDriver> opened = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new AssertionError("The browser tests need Debian's Chromium and its driver, and " + needed
                        + " is missing: install them with `apt-get install -y chromium chromium-driver` (.ci/run does)");
            }
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            for (int i = 0; i < opened.size(); i++) {
                screenshot(opened.get(i), context.getRequiredTestMethod().getName() + "-failed-browser-" + (i + 1));
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        opened.forEach(ChromeDriver::quit);
        opened.clear();
        for (Path profile : profiles) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** A new headless browser with a profile of its own (its own sessionStorage), 1280 by 900. */
    ChromeDriver open() {
        try {
            Path profile = Files.createTempDirectory("inquiries-chromium-");
            profiles.add(profile);
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            opened.add(driver);
            return driver;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    static Path screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
