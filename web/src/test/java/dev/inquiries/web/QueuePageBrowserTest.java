package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

/**
 * The queue page in real browsers, against the real server on a test database: an agent and a manager, each
 * in a browser of their own, sign in with the keyboard alone; off duty, the agent's queue is read-only; the
 * agent takes a chat and it leaves the manager's list within 2 s; a new inquiry appears without a reload, its
 * wait ticks and the tabs' titles count it; taking a chat someone else took first says so; a service that
 * could not be reached is no longer said to be once the page reconnects; and on a phone's width Take stays on
 * screen. The methods run in order, on one story; screenshots go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueuePageBrowserTest {

    private static final String MANAGER_PASSWORD = "manager's long passphrase";
    private static final String AGENT_PASSWORD = "agent's long passphrase";
    private static final Duration LIVE = Duration.ofSeconds(2);
    private static final Duration LOADED = Duration.ofSeconds(10);
    private static final String TAKE = InquiriesServer.LIVECHAT_API + "/inquiries.take";
    private static final String OFF_DUTY = "You are off duty: switch \"On duty\" on to take chats.";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    @RegisterExtension
    static final Browsers BROWSERS = new Browsers();

    private static ChromeDriver agent;
    private static ChromeDriver manager;
    private static List<String> otherAgent;

    @BeforeAll
    static void arrange() {
        Instant now = Instant.now();
        API.department("d-sales", "Sales").department("d-support", "Support");
        UserRepository users = new UserRepository(API.database());
        users.add("mia", MANAGER_PASSWORD, List.of(Roles.LIVECHAT_MANAGER, Roles.USER));
        users.add("ari", AGENT_PASSWORD, List.of(Roles.LIVECHAT_AGENT, Roles.USER));
        otherAgent = API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ari", "d-sales");
        agents.add("ben", "d-sales");
        users.add("sam", MANAGER_PASSWORD, List.of(Roles.LIVECHAT_MANAGER, Roles.LIVECHAT_AGENT));
        agents.add("sam", "d-support");
        // Inserted out of order: the manager's list shows the newest first, the agent's queue the oldest first.
        API.inquiry("q-bob", "Bob Brown", now.minusSeconds(1_500), "queued", "d-sales")
                .inquiry("q-ada", "Ada Lovelace", now.minusSeconds(1_800), "queued", "d-sales")
                .inquiry("q-eve", "Eve Evans", now.minusSeconds(600), "queued", "d-support")
                .inquiry("q-cleo", "Cleo Chan", now.minusSeconds(1_200), "queued", "d-sales")
                .inquiry("q-old", "Olga Old", now.minusSeconds(2_000), "taken", "d-sales");
        agent = BROWSERS.open();
        manager = BROWSERS.open();
    }

    @Test
    @Order(1)
    void signsInWithTheKeyboardAlone() {
        signInWithKeyboard(manager, "mia", MANAGER_PASSWORD);
        signInWithKeyboard(agent, "ari", AGENT_PASSWORD);

        awaitRows(manager, "queue-list", List.of("q-eve", "q-cleo", "q-bob", "q-ada"));
        assertThat(text(manager, "queue-list-total")).isEqualTo("4 inquiries waiting");
        assertThat(cellTexts(manager, "queue-list", ".department")).containsExactly("Support", "Sales", "Sales", "Sales");
        assertThat(cellTexts(manager, "queue-list", ".waiting").getFirst()).startsWith("waiting 10 min");
        assertThat(manager.findElement(By.id("queue-mine")).isDisplayed()).isFalse();
        assertThat(text(manager, "signed-in-as")).isEqualTo("Signed in as mia");
        Await.until(LOADED, () -> text(manager, "queue-list-live").equals("Live updates on."),
                () -> "the manager's list does not follow the stream: " + text(manager, "queue-list-live"));

        awaitRows(agent, "queue-mine", List.of("q-ada", "q-bob", "q-cleo"));
        assertThat(text(agent, "queue-mine-total")).isEqualTo("3 inquiries waiting");
        assertThat(agent.findElement(By.id("queue-list")).isDisplayed()).isFalse();
        assertThat(agent.findElement(By.id("on-duty")).isSelected()).isTrue();
        assertThat(new Select(agent.findElement(By.id("queue-mine-department"))).getOptions().stream()
                .map(WebElement::getText)).containsExactly("All my departments", "Sales");
        Browsers.screenshot(manager, "manager-signed-in");
        Browsers.screenshot(agent, "agent-signed-in");
    }

    @Test
    @Order(2)
    void sortsTheManagersListByAColumnHeaderWithItsStateAnnounced() {
        WebElement visitor = manager.findElement(By.cssSelector("#queue-list th[data-field='name']"));
        visitor.findElement(By.tagName("button")).click();

        awaitRows(manager, "queue-list", List.of("q-ada", "q-bob", "q-cleo", "q-eve"));
        assertThat(visitor.getDomAttribute("aria-sort")).isEqualTo("ascending");
        assertThat(manager.findElement(By.cssSelector("#queue-list th[data-field='ts']")).getDomAttribute("aria-sort"))
                .isEqualTo("none");

        WebElement waiting = manager.findElement(By.cssSelector("#queue-list th[data-field='ts'] button"));
        waiting.click();
        awaitRows(manager, "queue-list", List.of("q-ada", "q-bob", "q-cleo", "q-eve"));
        waiting.click();
        awaitRows(manager, "queue-list", List.of("q-eve", "q-cleo", "q-bob", "q-ada"));
        assertThat(manager.findElement(By.cssSelector("#queue-list th[data-field='ts']")).getDomAttribute("aria-sort"))
                .isEqualTo("descending");
    }

    @Test
    @Order(3)
    void filtersTheManagersListByDepartment() {
        Select department = new Select(manager.findElement(By.id("queue-list-department")));
        assertThat(department.getOptions().stream().map(WebElement::getText))
                .containsExactly("All departments", "Sales", "Support");

        department.selectByVisibleText("Support");
        awaitRows(manager, "queue-list", List.of("q-eve"));
        assertThat(text(manager, "queue-list-total")).isEqualTo("1 inquiry waiting");

        department.selectByVisibleText("All departments");
        awaitRows(manager, "queue-list", List.of("q-eve", "q-cleo", "q-bob", "q-ada"));
        assertThat(text(manager, "queue-list-total")).isEqualTo("4 inquiries waiting");
    }

    @Test
    @Order(4)
    void switchesTheAgentOffAndOnDutyWithTheKeyboard() {
        WebElement onDuty = agent.findElement(By.id("on-duty"));
        agent.executeScript("arguments[0].focus()", onDuty);

        new Actions(agent).sendKeys(Keys.SPACE).perform();
        Await.until(LOADED, () -> text(agent, "notice").equals("You are off duty: you take no chats."),
                () -> "the switch did not turn the agent off duty: " + messages(agent));
        assertThat(onDuty.isSelected()).isFalse();
        assertThat(API.count("SELECT count(*) FROM users WHERE username = 'ari' AND status_livechat = 'not-available'"))
                .isEqualTo(1);

        new Actions(agent).sendKeys(Keys.SPACE).perform();
        Await.until(LOADED, () -> text(agent, "notice").equals("You are on duty: you take chats."),
                () -> "the switch did not turn the agent on duty again: " + messages(agent));
        assertThat(onDuty.isSelected()).isTrue();
        assertThat(API.count("SELECT count(*) FROM users WHERE username = 'ari' AND status_livechat = 'available'"))
                .isEqualTo(1);
    }

    @Test
    @Order(5)
    void showsTheQueueReadOnlyWhileTheAgentIsOffDuty() {
        agent.findElement(By.id("on-duty")).click();

        Await.until(LOADED, () -> takeButtonsEnabled(agent).equals(List.of(false, false, false)),
                () -> "the Take buttons off duty are " + takeButtonsEnabled(agent) + " (enabled?); " + messages(agent));
        assertThat(rowIds(agent, "queue-mine")).containsExactly("q-ada", "q-bob", "q-cleo");
        assertThat(agent.findElement(By.id("queue-mine-read-only")).isDisplayed()).isTrue();
        assertThat(text(agent, "queue-mine-read-only")).isEqualTo(OFF_DUTY);
        Browsers.screenshot(agent, "agent-off-duty");

        // Signed in off duty (here: the session resumed after a reload), the queue opens read-only as well.
        agent.navigate().refresh();
        awaitRows(agent, "queue-mine", List.of("q-ada", "q-bob", "q-cleo"));
        assertThat(takeButtonsEnabled(agent)).containsExactly(false, false, false);
        assertThat(agent.findElement(By.id("queue-mine-read-only")).isDisplayed()).isTrue();

        agent.findElement(By.id("on-duty")).click();
        Await.until(LOADED, () -> takeButtonsEnabled(agent).equals(List.of(true, true, true)),
                () -> "the Take buttons on duty again are " + takeButtonsEnabled(agent) + "; " + messages(agent));
        assertThat(agent.findElement(By.id("queue-mine-read-only")).isDisplayed()).isFalse();
        Await.until(LOADED, () -> text(agent, "queue-mine-live").equals("Live updates on."),
                () -> "the agent's queue does not follow the stream again: " + text(agent, "queue-mine-live"));
    }

    @Test
    @Order(6)
    void takesAChatThatThenLeavesTheManagersListWithinTwoSeconds() {
        agent.findElement(By.cssSelector("#queue-mine-rows tr[data-id='q-ada'] button.take")).click();

        Await.until(LOADED, () -> text(agent, "notice").equals("You took the chat with Ada Lovelace."),
                () -> "the agent's page did not confirm the take; it shows: " + messages(agent));
        Await.until(LIVE, () -> rowIds(manager, "queue-list").equals(List.of("q-eve", "q-cleo", "q-bob"))
                        && text(manager, "queue-list-total").equals("3 inquiries waiting"),
                () -> "the taken chat did not leave the manager's list: " + rowIds(manager, "queue-list") + ", "
                        + text(manager, "queue-list-total") + "; " + text(manager, "queue-list-live"));
        assertThat(rowIds(agent, "queue-mine")).containsExactly("q-bob", "q-cleo");
        assertThat(text(agent, "queue-mine-total")).isEqualTo("2 inquiries waiting");
        assertThat(API.count("SELECT count(*) FROM inquiries i JOIN users u ON u.id = i.taken_by "
                + "WHERE i.id = 'q-ada' AND i.status = 'taken' AND u.username = 'ari'")).isEqualTo(1);
        Browsers.screenshot(agent, "agent-took-a-chat");
        Browsers.screenshot(manager, "manager-after-the-take");
    }

    @Test
    @Order(7)
    void showsANewInquiryWithoutAReloadAndTicksItsWait() {
        API.inquiry("q-finn", "Finn Fresh", Instant.now().minusSeconds(5), "queued", "d-sales");

        Await.until(LIVE, () -> rowIds(manager, "queue-list").equals(List.of("q-finn", "q-eve", "q-cleo", "q-bob")),
                () -> "the new inquiry did not reach the manager's list: " + rowIds(manager, "queue-list"));
        Await.until(LIVE, () -> rowIds(agent, "queue-mine").equals(List.of("q-bob", "q-cleo", "q-finn")),
                () -> "the new inquiry did not reach the agent's queue: " + rowIds(agent, "queue-mine"));
        assertThat(text(manager, "queue-list-total")).isEqualTo("4 inquiries waiting");
        String waited = cellTexts(manager, "queue-list", ".waiting").getFirst();
        assertThat(waited).matches("(?s)waiting \\d+ s.*");
        Await.until(Duration.ofMillis(2_500), () -> !cellTexts(manager, "queue-list", ".waiting").getFirst().equals(waited),
                "the wait of the new inquiry did not tick: " + waited);
        Browsers.screenshot(manager, "queue-page");
    }

    @Test
    @Order(8)
    void countsTheWaitingChatsInTheTabsTitle() {
        Await.until(LOADED, () -> agent.getTitle().equals("(3) Inquiries: the queue"),
                () -> "the agent's tab is titled " + agent.getTitle());
        Await.until(LOADED, () -> manager.getTitle().equals("(4) Inquiries: the queue"),
                () -> "the manager's tab is titled " + manager.getTitle());

        API.inquiry("q-gus", "Gus Green", Instant.now(), "queued", "d-sales");
        Await.until(LIVE, () -> agent.getTitle().equals("(4) Inquiries: the queue")
                        && manager.getTitle().equals("(5) Inquiries: the queue"),
                () -> "a new chat did not reach the titles: " + agent.getTitle() + ", " + manager.getTitle());

        RawHttp.Response took = API.http().postJson(TAKE, otherAgent, "{\"inquiryId\":\"q-gus\"}");
        assertThat(took.status()).as(took.body()).isEqualTo(200);
        Await.until(LIVE, () -> agent.getTitle().equals("(3) Inquiries: the queue")
                        && manager.getTitle().equals("(4) Inquiries: the queue"),
                () -> "a chat taken elsewhere did not leave the titles: " + agent.getTitle() + ", " + manager.getTitle());
    }

    @Test
    @Order(9)
    void saysSomeoneElseTookTheChatFirstWhenTheAgentWasTooLate() {
        // Cut this browser off the stream, so that its queue keeps showing a chat someone else takes meanwhile.
        agent.executeCdpCommand("Network.enable", Map.of());
        agent.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*inquiries.stream*")));
        agent.findElement(By.id("sign-out")).click();
        Await.until(LOADED, () -> agent.findElement(By.id("username")).isDisplayed(), "the agent was not signed out");
        assertThat(text(agent, "notice")).isEqualTo("You are signed out.");
        signInWithKeyboard(agent, "ari", AGENT_PASSWORD);
        awaitRows(agent, "queue-mine", List.of("q-bob", "q-cleo", "q-finn"));
        Await.until(LOADED, () -> text(agent, "queue-mine-live").equals("Live updates interrupted — reconnecting…"),
                () -> "the cut stream was not shown: " + text(agent, "queue-mine-live"));

        RawHttp.Response tookFirst = API.http().postJson(TAKE, otherAgent, "{\"inquiryId\":\"q-bob\"}");
        assertThat(tookFirst.status()).as(tookFirst.body()).isEqualTo(200);
        agent.findElement(By.cssSelector("#queue-mine-rows tr[data-id='q-bob'] button.take")).click();

        Await.until(LOADED, () -> text(agent, "error").equals("Taking the chat with Bob Brown: Someone else took this chat first."),
                () -> "no message that someone else was first: " + messages(agent));
        assertThat(rowIds(agent, "queue-mine")).containsExactly("q-cleo", "q-finn");
        assertThat(agent.switchTo().activeElement().getDomAttribute("aria-label"))
                .as("the focus moves to the row that took the taken one's place").isEqualTo("Take the chat with Cleo Chan");
        Browsers.screenshot(agent, "agent-someone-else-was-first");

        agent.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        Await.until(Duration.ofSeconds(20), () -> text(agent, "queue-mine-live").equals("Live updates on."),
                () -> "the agent's page did not reconnect to the stream: " + text(agent, "queue-mine-live"));
    }

    @Test
    @Order(10)
    void clearsTheUnreachableServiceMessageOnceThePageReconnects() {
        agent.executeCdpCommand("Network.enable", Map.of());
        agent.executeCdpCommand("Network.setBlockedURLs",
                Map.of("urls", List.of("*inquiries.stream*", "*inquiries.take*")));
        agent.navigate().refresh();
        awaitRows(agent, "queue-mine", List.of("q-cleo", "q-finn"));
        Await.until(LOADED, () -> text(agent, "queue-mine-live").equals("Live updates interrupted — reconnecting…"),
                () -> "the cut stream was not shown: " + text(agent, "queue-mine-live"));
        agent.findElement(By.cssSelector("#queue-mine-rows tr[data-id='q-cleo'] button.take")).click();
        Await.until(LOADED, () -> text(agent, "error").equals("Taking the chat with Cleo Chan: "
                        + "Cannot reach the service: check your network connection, then try again."),
                () -> "the failed take was not shown: " + messages(agent));
        Browsers.screenshot(agent, "agent-cannot-reach-the-service");

        agent.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        Await.until(Duration.ofSeconds(20), () -> text(agent, "queue-mine-live").equals("Live updates on."),
                () -> "the agent's page did not reconnect to the stream: " + text(agent, "queue-mine-live"));
        Await.until(LOADED, () -> text(agent, "error").isEmpty(),
                () -> "the page reconnected, yet still says: " + messages(agent));
        assertThat(rowIds(agent, "queue-mine")).containsExactly("q-cleo", "q-finn");
    }

    @Test
    @Order(11)
    void showsTheSignInFormAgainWhenTheSessionEndedElsewhere() {
        API.jdbi().useHandle(handle -> handle.execute(
                "DELETE FROM login_tokens WHERE user_id = (SELECT id FROM users WHERE username = 'mia')"));

        manager.findElement(By.cssSelector("#queue-list th[data-field='name'] button")).click();

        Await.until(LOADED, () -> manager.findElement(By.id("username")).isDisplayed(),
                () -> "the revoked manager still sees the queue: " + messages(manager));
        assertThat(text(manager, "error")).endsWith("You are signed out (your session ended or was revoked). "
                + "Please sign in again.");
        assertThat(manager.findElement(By.id("workspace")).isDisplayed()).isFalse();
        assertThat(manager.switchTo().activeElement().getDomAttribute("id")).isEqualTo("username");
        Browsers.screenshot(manager, "manager-signed-out-elsewhere");
    }

    @Test
    @Order(12)
    void showsBothQueuesAsTabsToAManagerWhoIsAnAgentToo() {
        signInWithKeyboard(manager, "sam", MANAGER_PASSWORD);

        awaitRows(manager, "queue-mine", List.of("q-eve"));
        WebElement mine = manager.findElement(By.id("tab-mine"));
        WebElement all = manager.findElement(By.id("tab-list"));
        assertThat(mine.getDomAttribute("aria-selected")).isEqualTo("true");
        assertThat(manager.findElement(By.id("queue-list")).isDisplayed()).isFalse();

        manager.executeScript("arguments[0].focus()", mine);
        new Actions(manager).sendKeys(Keys.ARROW_LEFT).perform();

        assertThat(all.getDomAttribute("aria-selected")).isEqualTo("true");
        assertThat(manager.switchTo().activeElement().getDomAttribute("id")).isEqualTo("tab-list");
        assertThat(manager.findElement(By.id("queue-mine")).isDisplayed()).isFalse();
        awaitRows(manager, "queue-list", List.of("q-finn", "q-eve", "q-cleo"));
        Browsers.screenshot(manager, "manager-and-agent-tabs");
    }

    @Test
    @Order(13)
    void pagesThroughADepartmentWithMoreInquiriesThanAPageHolds() {
        API.department("d-billing", "Billing");
        Instant start = Instant.now().minusSeconds(3_600);
        for (int i = 10; i >= 0; i--) {
            API.inquiry("q-bill-" + i, "Billing visitor " + i, start.plusSeconds(i), "queued", "d-billing");
        }
        manager.navigate().refresh();
        // The tab's session survives the reload (sessionStorage), and opens on the agent's own queue again.
        Await.until(LOADED, () -> manager.findElement(By.id("tab-mine")).isDisplayed(), "the session did not resume");
        manager.findElement(By.id("tab-list")).click();
        Select department = new Select(manager.findElement(By.id("queue-list-department")));
        Await.until(LOADED, () -> department.getOptions().size() == 4, "the new department is not offered");

        department.selectByVisibleText("Billing");
        new Select(manager.findElement(By.id("queue-list-count"))).selectByVisibleText("10");
        Await.until(LOADED, () -> text(manager, "queue-list-range").equals("1–10 of 11"),
                () -> "the first page shows " + text(manager, "queue-list-range"));
        assertThat(rowIds(manager, "queue-list")).hasSize(10).startsWith("q-bill-10").endsWith("q-bill-1");
        assertThat(text(manager, "queue-list-total")).isEqualTo("11 inquiries waiting");
        assertThat(manager.findElement(By.id("queue-list-previous")).isEnabled()).isFalse();

        manager.findElement(By.id("queue-list-next")).click();
        awaitRows(manager, "queue-list", List.of("q-bill-0"));
        assertThat(text(manager, "queue-list-range")).isEqualTo("11–11 of 11");
        assertThat(manager.findElement(By.id("queue-list-next")).isEnabled()).isFalse();

        manager.findElement(By.id("queue-list-previous")).click();
        Await.until(LOADED, () -> text(manager, "queue-list-range").equals("1–10 of 11"),
                () -> "back on the first page it shows " + text(manager, "queue-list-range"));
    }

    @Test
    @Order(14)
    void keepsTakeOnAPhoneWideScreenWithoutScrollingSideways() {
        agent.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        try {
            awaitRows(agent, "queue-mine", List.of("q-cleo", "q-finn"));
            WebElement take = agent.findElement(By.cssSelector("#queue-mine-rows tr[data-id='q-cleo'] button.take"));
            Map<?, ?> layout = (Map<?, ?>) agent.executeScript("const box = arguments[0].getBoundingClientRect();"
                    + "const x = box.left + box.width / 2, y = box.top + box.height / 2;"
                    + "return {viewport: window.innerWidth, page: document.documentElement.scrollWidth,"
                    + " left: box.left, right: box.right, onTop: document.elementFromPoint(x, y) === arguments[0]};",
                    take);
            assertThat(number(layout, "page")).as("the page's width, %s", layout).isLessThanOrEqualTo(390);
            assertThat(number(layout, "right")).as("Take's right edge, %s", layout).isLessThanOrEqualTo(390);
            assertThat(number(layout, "left")).as("Take's left edge, %s", layout).isGreaterThanOrEqualTo(0);
            assertThat(layout.get("onTop")).as("Take is not covered, %s", layout).isEqualTo(true);
            assertThat(number(layout, "viewport")).as("the viewport's width, %s", layout).isEqualTo(390);
            Browsers.screenshot(agent, "agent-on-a-phone");

            take.click();
            Await.until(LOADED, () -> text(agent, "notice").equals("You took the chat with Cleo Chan."),
                    () -> "the take on a phone was not confirmed: " + messages(agent));
            awaitRows(agent, "queue-mine", List.of("q-finn"));
        } finally {
            agent.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    @Order(15)
    void ranWithoutAContentSecurityPolicyViolation() {
        for (ChromeDriver browser : List.of(agent, manager)) {
            List<String> violations = browser.manage().logs().get("browser").getAll().stream()
                    .map(LogEntry::getMessage)
                    .filter(message -> message.contains("Content Security Policy") || message.contains("Refused to"))
                    .toList();
            assertThat(violations).isEmpty();
        }
    }

    /** Signs in as a keyboard user does: the page puts the focus in the username field; type, Tab, type, Enter. */
    private static void signInWithKeyboard(ChromeDriver browser, String username, String password) {
        if (!browser.getCurrentUrl().startsWith(base())) {
            browser.get(base());
        }
        Await.until(LOADED, () -> "username".equals(browser.switchTo().activeElement().getDomAttribute("id")),
                () -> "the sign-in form did not take the focus; it is on "
                        + browser.switchTo().activeElement().getTagName());
        new Actions(browser).sendKeys(username).sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("password");
        new Actions(browser).sendKeys(password).sendKeys(Keys.ENTER).perform();
        Await.until(LOADED, () -> browser.findElement(By.id("workspace")).isDisplayed(),
                () -> username + " was not signed in: " + messages(browser));
    }

    private static String base() {
        return "http://localhost:" + API.port() + "/";
    }

    private static void awaitRows(ChromeDriver browser, String queue, List<String> ids) {
        Await.until(LOADED, () -> rowIds(browser, queue).equals(ids),
                () -> queue + " shows " + rowIds(browser, queue) + " instead of " + ids + "; " + messages(browser));
    }

    /** The rows' ids, read in one script so that a row replaced meanwhile cannot go stale between two reads. */
    private static List<String> rowIds(ChromeDriver browser, String queue) {
        return strings(browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(row => row.dataset.id)", "#" + queue + "-rows tr[data-id]"));
    }

    /** Whether each Take button of the agent's queue is enabled, in the rows' order. */
    private static List<Boolean> takeButtonsEnabled(ChromeDriver browser) {
        return ((List<?>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#queue-mine-rows button.take')).map(take => !take.disabled)")).stream().map(Boolean.class::cast).toList();
    }

    private static double number(Map<?, ?> values, String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    private static List<String> cellTexts(ChromeDriver browser, String queue, String cell) {
        return strings(browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(cell => cell.innerText)", "#" + queue + "-rows tr[data-id] td" + cell));
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    private static String text(ChromeDriver browser, String id) {
        return Optional.ofNullable(browser.findElement(By.id(id)).getDomProperty("textContent")).orElse("");
    }

    private static String messages(ChromeDriver browser) {
        return "error \"" + text(browser, "error") + "\", notice \"" + text(browser, "notice") + "\"";
    }
}
