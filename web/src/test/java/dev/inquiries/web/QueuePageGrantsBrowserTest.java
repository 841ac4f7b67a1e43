package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The queue page decides which queues to show from what the API grants ({@code permissions.listAll}), not from role
 * names: a grant an operator changes with SQL shows at the next reload, with no change to the page, and the page
 * shows a queue exactly when the API answers it (a queue without its permission would answer 403).
 */
class QueuePageGrantsBrowserTest {

    private static final String PASSWORD = "a long enough passphrase";
    private static final Duration LOADED = Duration.ofSeconds(10);
    private static final String LIST = ApiServerExtension.LIST;
    private static final String QUEUED = InquiriesServer.LIVECHAT_API + "/inquiries.queuedForUser";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    @RegisterExtension
    static final Browsers BROWSERS = new Browsers();

    @BeforeAll
    static void arrange() {
        Instant now = Instant.now();
        API.department("d-sales", "Sales");
        UserRepository users = new UserRepository(API.database());
        users.add("uma", PASSWORD, List.of(Roles.USER));
        users.add("ari", PASSWORD, List.of(Roles.USER));
        new AgentRepository(API.database()).add("ari", "d-sales");
        API.inquiry("q-ada", "Ada Lovelace", now.minusSeconds(300), "queued", "d-sales")
                .inquiry("q-bob", "Bob Brown", now.minusSeconds(200), "queued", "d-sales");
    }

    @AfterEach
    void restoreTheDefaultGrants() {
        sql("DELETE FROM role_permissions WHERE role_id = 'user'");
        sql("INSERT INTO role_permissions (role_id, permission_id) VALUES ('livechat-agent', 'view-l-room') "
                + "ON CONFLICT DO NOTHING");
    }

    @Test
    void showsTheListOnceARoleOfTheUserIsGrantedItsPermission() {
        ChromeDriver browser = BROWSERS.open();
        List<String> uma = ApiServerExtension.headers(API.token("uma"));
        signIn(browser, "uma");
        Await.until(LOADED, () -> browser.findElement(By.id("no-queue")).isDisplayed(),
                () -> "a user without a grant is not told it may see no queue; " + messages(browser));
        assertThat(browser.findElement(By.id("queue-list")).isDisplayed()).isFalse();
        assertThat(API.http().get(LIST, uma).status()).isEqualTo(403);

        sql("INSERT INTO role_permissions (role_id, permission_id) VALUES ('user', 'view-livechat-manager')");
        browser.navigate().refresh();

        Await.until(LOADED, () -> rowIds(browser, "queue-list").equals(List.of("q-bob", "q-ada")),
                () -> "the granted list shows " + rowIds(browser, "queue-list") + "; " + messages(browser));
        assertThat(API.http().get(LIST, uma).status()).isEqualTo(200);
        assertThat(browser.findElement(By.id("no-queue")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("queue-mine")).isDisplayed()).isFalse();
        // The same grant shows the agents' loads: two views, as tabs; no agent's own.
        assertThat(browser.findElement(By.id("tab-agents")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("tab-mine")).isDisplayed()).isFalse();
        // Without view-livechat-departments or view-l-room the department list would answer 403: no filter.
        assertThat(browser.findElement(By.id("queue-list-department")).isDisplayed()).isFalse();
        assertThat(text(browser, "error")).isEmpty();
        Browsers.screenshot(browser, "user-granted-the-list");

        sql("INSERT INTO role_permissions (role_id, permission_id) VALUES ('user', 'view-livechat-departments')");
        browser.navigate().refresh();
        Select department = new Select(browser.findElement(By.id("queue-list-department")));
        Await.until(LOADED, () -> department.getOptions().stream().map(WebElement::getText).toList()
                .equals(List.of("All departments", "Sales")), () -> "the department filter is not offered; " + messages(browser));

        sql("DELETE FROM role_permissions WHERE role_id = 'user'");
        browser.navigate().refresh();
        Await.until(LOADED, () -> browser.findElement(By.id("no-queue")).isDisplayed(),
                () -> "the list is still shown after the grant was revoked; " + messages(browser));
        assertThat(browser.findElement(By.id("queue-list")).isDisplayed()).isFalse();
        assertThat(text(browser, "error")).isEmpty();
    }

    @Test
    void hidesTheAgentsQueueOnceItsRoleLosesViewLRoom() {
        ChromeDriver browser = BROWSERS.open();
        List<String> ari = ApiServerExtension.headers(API.token("ari"));
        signIn(browser, "ari");
        Await.until(LOADED, () -> rowIds(browser, "queue-mine").equals(List.of("q-ada", "q-bob")),
                () -> "the agent's queue shows " + rowIds(browser, "queue-mine") + "; " + messages(browser));
        assertThat(browser.findElement(By.id("queue-list")).isDisplayed()).isFalse();

        sql("DELETE FROM role_permissions WHERE role_id = 'livechat-agent' AND permission_id = 'view-l-room'");
        assertThat(API.http().get(QUEUED, ari).status()).isEqualTo(403);
        browser.navigate().refresh();

        Await.until(LOADED, () -> browser.findElement(By.id("no-queue")).isDisplayed(),
                () -> "the agent's queue is still shown without view-l-room; " + messages(browser));
        assertThat(browser.findElement(By.id("queue-mine")).isDisplayed()).isFalse();
        assertThat(text(browser, "error")).isEmpty();
        Browsers.screenshot(browser, "agent-without-view-l-room");
    }

    private static void signIn(ChromeDriver browser, String username) {
        browser.get("http://localhost:" + API.port() + "/");
        Await.until(LOADED, () -> browser.findElement(By.id("username")).isDisplayed(), "the sign-in form is not shown");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in-button")).click();
        Await.until(LOADED, () -> browser.findElement(By.id("workspace")).isDisplayed(),
                () -> username + " was not signed in: " + messages(browser));
    }

    private static void sql(String statement) {
        API.jdbi().useHandle(handle -> handle.execute(statement));
    }

    private static List<String> rowIds(ChromeDriver browser, String queue) {
        return ((List<?>) browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(row => row.dataset.id)", "#" + queue + "-rows tr[data-id]")).stream().map(String::valueOf).toList();
    }

    private static String text(ChromeDriver browser, String id) {
        return Optional.ofNullable(browser.findElement(By.id(id)).getDomProperty("textContent")).orElse("");
    }

    private static String messages(ChromeDriver browser) {
        return "error \"" + text(browser, "error") + "\", notice \"" + text(browser, "notice") + "\"";
    }
}
