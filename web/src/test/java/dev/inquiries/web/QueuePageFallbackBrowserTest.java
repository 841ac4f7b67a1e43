package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The queue page where the service has no room for a stream (every one gets 503): it says so and refreshes
 * the list every 2 seconds instead, so a chat taken elsewhere still leaves it within one round and a request.
 */
class QueuePageFallbackBrowserTest {

    private static final String PASSWORD = "manager's long passphrase";
    private static final Duration LOADED = Duration.ofSeconds(10);
    private static final Duration ONE_POLL = Duration.ofMillis(3_000);

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase().stream(new Settings.StreamSettings(
            0, Settings.defaults().stream().heartbeat(), Settings.defaults().stream().buffer(),
            Settings.defaults().stream().keep(), Settings.defaults().stream().poll()));

    @RegisterExtension
    static final Browsers BROWSERS = new Browsers();

    private static List<String> agent;

    @BeforeAll
    static void arrange() {
        Instant now = Instant.now();
        API.department("d-sales", "Sales");
        new UserRepository(API.database()).add("mia", PASSWORD, List.of(Roles.LIVECHAT_MANAGER));
        agent = API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        new AgentRepository(API.database()).add("ben", "d-sales");
        API.inquiry("q-ada", "Ada Lovelace", now.minusSeconds(300), "queued", "d-sales")
                .inquiry("q-bob", "Bob Brown", now.minusSeconds(200), "queued", "d-sales");
    }

    @Test
    void refreshesTheListEveryTwoSecondsWhenTheServiceHasNoRoomForAStream() {
        ChromeDriver manager = BROWSERS.open();
        manager.get("http://localhost:" + API.port() + "/");
        manager.findElement(By.id("username")).sendKeys("mia");
        manager.findElement(By.id("password")).sendKeys(PASSWORD);
        manager.findElement(By.id("sign-in-button")).click();
        Await.until(LOADED, () -> ids(manager).equals(List.of("q-bob", "q-ada")), () -> "the list shows " + ids(manager));
        Await.until(LOADED, () -> text(manager, "queue-list-live")
                        .equals("Live updates are not available here; the list refreshes every 2 seconds."),
                () -> "the page does not say it polls: " + text(manager, "queue-list-live"));

        RawHttp.Response took = API.http().postJson(InquiriesServer.LIVECHAT_API + "/inquiries.take", agent,
                "{\"inquiryId\":\"q-bob\"}");
        assertThat(took.status()).as(took.body()).isEqualTo(200);

        Await.until(ONE_POLL, () -> ids(manager).equals(List.of("q-ada"))
                        && text(manager, "queue-list-total").equals("1 inquiry waiting"),
                () -> "the taken chat is still listed: " + ids(manager) + ", " + text(manager, "queue-list-total"));
        assertThat(text(manager, "error")).isEmpty();
        Browsers.screenshot(manager, "manager-polling-without-a-stream");
    }

    private static List<String> ids(ChromeDriver browser) {
        return ((List<?>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#queue-list-rows tr[data-id]')).map(row => row.dataset.id)")).stream().map(String::valueOf).toList();
    }

    private static String text(ChromeDriver browser, String id) {
        Object text = browser.findElement(By.id(id)).getDomProperty("textContent");
        return text == null ? "" : text.toString();
    }
}
