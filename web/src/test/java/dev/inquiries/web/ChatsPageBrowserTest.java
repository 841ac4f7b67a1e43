package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.RoutingRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

/**
 * The life of a chat in real browsers: a visitor starts one on {@code /visitor} and sees its place in the queue move
 * back and up as a chat ahead of it arrives and is taken, an agent takes it and finds it
 * under My chats while the visitor's page says an agent joined, returns it (the visitor waits again), takes it
 * again and closes it, giving the comment the service requires (the visitor's page says the chat ended); then a
 * manager sees every open chat with who serves it and forwards one to an agent on duty who serves no chat (Forward
 * offers the agents on duty but the one serving the chat) and one to a department, a refused forward said in words;
 * the manager sees each agent's open chats against its capacity, and the load follows a take made elsewhere.
 * The methods run in order, on one story; screenshots go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatsPageBrowserTest {

    private static final String PASSWORD = "a long enough passphrase";
    private static final Duration LOADED = Duration.ofSeconds(10);
    private static final String VISITOR = "Lena Fischer";
    private static final String WAITING = "Waiting for an agent…";
    private static final Pattern ROOM_ID = Pattern.compile("\"room\":\\{\"_id\":\"([^\"]+)\"");

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    @RegisterExtension
    static final Browsers BROWSERS = new Browsers();

    private static ChromeDriver visitor;
    private static ChromeDriver agent;

    @BeforeAll
    static void arrange() {
        API.department("d-sales", "Sales").department("d-support", "Support");
        UserRepository users = new UserRepository(API.database());
        users.add("ari", PASSWORD, List.of(Roles.LIVECHAT_AGENT, Roles.USER));
        users.add("ben", PASSWORD, List.of(Roles.LIVECHAT_AGENT, Roles.USER));
        users.add("mia", PASSWORD, List.of(Roles.LIVECHAT_MANAGER, Roles.USER));
        // Agents in no department: cyd on duty, dee off duty.
        users.add("cyd", PASSWORD, List.of(Roles.LIVECHAT_AGENT, Roles.USER));
        users.add("dee", PASSWORD, List.of(Roles.LIVECHAT_AGENT, Roles.USER));
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ari", "d-sales");
        agents.add("ben", "d-sales");
        agents.add("ben", "d-support");
        new AgentRepository(API.database()).setStatus("dee", LivechatStatus.NOT_AVAILABLE);
        visitor = BROWSERS.open();
        agent = BROWSERS.open();
    }

    @Test
    @Order(1)
    void aVisitorStartsAChatThatWaitsInTheAgentsQueue() {
        visitor.get(base() + "visitor");
        Select department = new Select(visitor.findElement(By.id("visitor-department")));
        Await.until(LOADED, () -> department.getOptions().stream().map(WebElement::getText).toList()
                .equals(List.of("Any department", "Sales", "Support")), () -> "the departments are not offered; "
                + messages(visitor));
        assertThat(visitor.switchTo().activeElement().getDomAttribute("id")).isEqualTo("visitor-name");
        visitor.findElement(By.id("visitor-name")).sendKeys(VISITOR);
        department.selectByVisibleText("Sales");
        visitor.findElement(By.id("start-chat")).click();

        Await.until(LOADED, () -> text(visitor, "chat-status").equals(WAITING),
                () -> "the visitor's page does not say it waits: " + text(visitor, "chat-status") + "; " + messages(visitor));
        assertThat(visitor.findElement(By.id("start")).isDisplayed()).isFalse();
        assertThat(visitor.findElement(By.id("end-chat")).isDisplayed()).isTrue();
        Await.until(LOADED, () -> text(visitor, "queue-spot").equals("You are number 1 in the queue."),
                () -> "the visitor's page does not say its place: " + text(visitor, "queue-spot") + "; " + messages(visitor));
        Browsers.screenshot(visitor, "visitor-waiting");

        // A chat ahead of it (older): the page moves the visitor back, then up again when that chat is taken.
        String ahead = startChat("visitor-ahead", "Ada Ahead");
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET ts = ts - interval '1 minute' WHERE rid = ?", ahead));
        Await.until(LOADED, () -> text(visitor, "queue-spot").equals("You are number 2 in the queue."),
                () -> "the visitor's page does not move it back: " + text(visitor, "queue-spot"));
        Browsers.screenshot(visitor, "visitor-second-in-queue");
        take("ben", ahead);
        Await.until(LOADED, () -> text(visitor, "queue-spot").equals("You are number 1 in the queue."),
                () -> "the visitor's page does not move it up after the take ahead: " + text(visitor, "queue-spot"));
        Browsers.screenshot(visitor, "visitor-first-in-queue");
        RawHttp.Response gone = API.http().postJson(InquiriesServer.LIVECHAT_API + "/room.close", List.of(),
                "{\"token\":\"visitor-ahead\",\"rid\":\"" + ahead + "\"}");
        assertThat(gone.status()).as(gone.body()).isEqualTo(200);

        signIn(agent, "ari");
        awaitNames(agent, "queue-mine", List.of(VISITOR));
        assertThat(agent.findElement(By.id("tab-chats")).isDisplayed()).isTrue();
    }

    @Test
    @Order(2)
    void theTakenChatShowsUnderMyChatsAndTheVisitorSeesAnAgentJoin() {
        rowButton(agent, "queue-mine", VISITOR, "take").click();
        Await.until(LOADED, () -> text(agent, "notice").equals("You took the chat with " + VISITOR + "."),
                () -> "the take was not confirmed: " + messages(agent));

        agent.findElement(By.id("tab-chats")).click();
        awaitNames(agent, "chats-mine", List.of(VISITOR));
        assertThat(agent.findElement(By.id("chats-mine")).isDisplayed()).isTrue();
        assertThat(agent.findElement(By.id("queue-mine")).isDisplayed()).isFalse();
        Await.until(LOADED, () -> text(visitor, "chat-status").equals("An agent has joined: ari."),
                () -> "the visitor is not told an agent joined: " + text(visitor, "chat-status"));
        Browsers.screenshot(agent, "agent-my-chats");
        Browsers.screenshot(visitor, "visitor-served");
    }

    @Test
    @Order(3)
    void returningTheChatPutsItBackInTheQueueAndTheVisitorWaitsAgain() {
        rowButton(agent, "chats-mine", VISITOR, "return").click();

        Await.until(LOADED, () -> text(agent, "notice").equals("The chat with " + VISITOR + " is back in the queue."),
                () -> "the return was not confirmed: " + messages(agent));
        awaitNames(agent, "chats-mine", List.of());
        assertThat(text(agent, "chats-mine-total")).isEqualTo("0 open chats");
        awaitNames(agent, "queue-mine", List.of(VISITOR));
        Await.until(LOADED, () -> text(visitor, "chat-status").equals(WAITING),
                () -> "the visitor does not wait again: " + text(visitor, "chat-status"));
    }

    @Test
    @Order(4)
    void closingAsksForTheRequiredCommentAndTheVisitorSeesTheChatEnd() {
        agent.findElement(By.id("tab-mine")).click();
        rowButton(agent, "queue-mine", VISITOR, "take").click();
        agent.findElement(By.id("tab-chats")).click();
        awaitNames(agent, "chats-mine", List.of(VISITOR));
        Await.until(LOADED, () -> text(visitor, "chat-status").equals("An agent has joined: ari."),
                () -> "the visitor is not told an agent joined again: " + text(visitor, "chat-status"));

        rowButton(agent, "chats-mine", VISITOR, "close").click();
        WebElement dialog = agent.findElement(By.id("close-dialog"));
        Await.until(LOADED, dialog::isDisplayed, () -> "no comment is asked for: " + messages(agent));
        assertThat(agent.switchTo().activeElement().getDomAttribute("id")).isEqualTo("close-comment");
        Browsers.screenshot(agent, "agent-close-comment");
        agent.findElement(By.id("close-comment")).sendKeys("Answered on the phone");
        agent.findElement(By.id("close-confirm")).click();

        Await.until(LOADED, () -> text(agent, "notice").equals("You closed the chat with " + VISITOR + "."),
                () -> "the close was not confirmed: " + messages(agent));
        assertThat(dialog.isDisplayed()).isFalse();
        awaitNames(agent, "chats-mine", List.of());
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE name = 'Lena Fischer' AND status = 'closed'"
                + " AND closer = 'user' AND close_comment = 'Answered on the phone'")).isEqualTo(1);
        Await.until(LOADED, () -> text(visitor, "notice").equals("The chat has ended."),
                () -> "the visitor is not told the chat ended: " + messages(visitor));
        assertThat(visitor.findElement(By.id("start")).isDisplayed()).isTrue();
        assertThat(visitor.findElement(By.id("chat")).isDisplayed()).isFalse();
        Browsers.screenshot(visitor, "visitor-chat-ended");
    }

    @Test
    @Order(5)
    void aManagerSeesWhoServesEachOpenChatAndForwardsThem() {
        String kim = startChat("visitor-kim", "Kim Park");
        String noor = startChat("visitor-noor", "Noor Ali");
        take("ari", kim);
        take("ben", noor);
        ChromeDriver manager = BROWSERS.open();
        signIn(manager, "mia");
        manager.findElement(By.id("tab-open")).click();
        awaitNames(manager, "chats-open", List.of("Kim Park", "Noor Ali"));
        awaitServedBy(manager, List.of("ari", "ben"));
        Browsers.screenshot(manager, "manager-open-chats");

        // ari goes off duty while the dialog offers her: the forward to her is refused, in words.
        WebElement dialog = openForward(manager, "Noor Ali");
        awaitOfferedAgents(manager, List.of("ari", "cyd"));
        sql("UPDATE users SET status_livechat = 'not-available' WHERE username = 'ari'");
        forwardTo(manager, dialog, "ari");
        Await.until(LOADED, () -> text(manager, "error").equals("Forwarding the chat with Noor Ali to ari: "
                        + "That agent is not on duty (or not an active agent): choose another one."),
                () -> "the refused forward is not said in words: " + messages(manager));
        awaitServedBy(manager, List.of("ari", "ben"));

        // Offered: those on duty (not dee) but the one serving the chat (not ari), cyd though she serves nothing.
        sql("UPDATE users SET status_livechat = 'available' WHERE username = 'ari'");
        dialog = openForward(manager, "Kim Park");
        awaitOfferedAgents(manager, List.of("ben", "cyd"));
        Browsers.screenshot(manager, "manager-forward-offers-agents-on-duty");
        forwardTo(manager, dialog, "cyd");
        Await.until(LOADED, () -> text(manager, "notice").equals("You forwarded the chat with Kim Park to cyd."),
                () -> "the forward to an agent was not confirmed: " + messages(manager));
        awaitServedBy(manager, List.of("cyd", "ben"));
        assertThat(API.count("SELECT count(*) FROM inquiries i JOIN users u ON u.id = i.taken_by"
                + " WHERE i.name = 'Kim Park' AND i.status = 'taken' AND u.username = 'cyd'")).isEqualTo(1);

        forward(manager, "Noor Ali", "Support");
        Await.until(LOADED, () -> text(manager, "notice").equals("You forwarded the chat with Noor Ali to Support."),
                () -> "the forward to a department was not confirmed: " + messages(manager));
        awaitServedBy(manager, List.of("cyd", "nobody (queued)"));
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE name = 'Noor Ali' AND status = 'queued'"
                + " AND department_id = 'd-support'")).isEqualTo(1);
        Browsers.screenshot(manager, "manager-forwarded");
    }

    @Test
    @Order(6)
    void aManagerSeesEachAgentsOpenChatsAgainstItsCapacityAndTheLoadFollowsATake() {
        RoutingRepository routing = new RoutingRepository(API.database());
        routing.setAgentLimit("ari", 3);
        ChromeDriver manager = BROWSERS.open();
        try {
            signIn(manager, "mia");
            manager.findElement(By.id("tab-agents")).click();
            // ari has a limit of her own; nobody else has one (no desk limit): "—". cyd serves Kim Park.
            awaitLoads(manager, List.of("ari|On duty|0 / 3|Sales", "ben|On duty|0 / —|Sales, Support",
                    "cyd|On duty|1 / —|—", "dee|Off duty|0 / —|—"));
            assertThat(text(manager, "agents-routing")).isEqualTo("Routing: Manual selection (agents take chats from the queue)");
            Browsers.screenshot(manager, "manager-agents-loads");

            // A chat arrives and ari takes it elsewhere: the queue's stream tells the page, well before its slow timer.
            String ola = startChat("visitor-ola", "Ola Nordmann");
            take("ari", ola);
            awaitLoads(manager, List.of("ari|On duty|1 / 3|Sales", "ben|On duty|0 / —|Sales, Support",
                    "cyd|On duty|1 / —|—", "dee|Off duty|0 / —|—"));
            Browsers.screenshot(manager, "manager-agents-load-after-a-take");

            // A close is no queue change: Refresh shows it at once.
            RawHttp.Response closed = API.http().postJson(InquiriesServer.LIVECHAT_API + "/room.close", List.of(),
                    "{\"token\":\"visitor-ola\",\"rid\":\"" + ola + "\"}");
            assertThat(closed.status()).as(closed.body()).isEqualTo(200);
            manager.findElement(By.id("agents-refresh")).click();
            awaitLoads(manager, List.of("ari|On duty|0 / 3|Sales", "ben|On duty|0 / —|Sales, Support",
                    "cyd|On duty|1 / —|—", "dee|Off duty|0 / —|—"));
            assertThat(violations(manager)).isEmpty();
        } finally {
            routing.setAgentLimit("ari", 0);
        }
    }

    @Test
    @Order(7)
    void aVisitorEndsItsOwnChat() {
        // The name stays filled in for the next chat.
        assertThat(visitor.findElement(By.id("visitor-name")).getDomProperty("value")).isEqualTo(VISITOR);
        visitor.findElement(By.id("start-chat")).click();
        Await.until(LOADED, () -> text(visitor, "chat-status").equals(WAITING),
                () -> "the second chat does not wait: " + text(visitor, "chat-status") + "; " + messages(visitor));

        visitor.findElement(By.id("end-chat")).click();

        Await.until(LOADED, () -> text(visitor, "notice").equals("You ended the chat."),
                () -> "the visitor's close was not confirmed: " + messages(visitor));
        assertThat(visitor.findElement(By.id("start")).isDisplayed()).isTrue();
        assertThat(visitor.switchTo().activeElement().getDomAttribute("id")).isEqualTo("visitor-name");
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE name = 'Lena Fischer' AND status = 'closed'"
                + " AND closer = 'visitor'")).isEqualTo(1);
    }

    @Test
    @Order(8)
    void keepsTheVisitorsPageAndMyChatsOnAPhoneWideScreen() {
        String kim = API.jdbi().withHandle(handle -> handle.createQuery("SELECT rid FROM inquiries WHERE name = 'Kim Park'")
                .mapTo(String.class).one());
        forwardOverTheApi(kim, "ari");
        for (ChromeDriver browser : List.of(visitor, agent)) {
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        }
        try {
            agent.findElement(By.id("chats-mine-refresh")).click();
            awaitNames(agent, "chats-mine", List.of("Kim Park"));
            for (String button : List.of("close", "return")) {
                assertOnScreen(agent, rowButton(agent, "chats-mine", "Kim Park", button));
            }
            assertOnScreen(visitor, visitor.findElement(By.id("start-chat")));
            Browsers.screenshot(agent, "agent-my-chats-on-a-phone");
            Browsers.screenshot(visitor, "visitor-on-a-phone");
        } finally {
            for (ChromeDriver browser : List.of(visitor, agent)) {
                browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            }
        }
    }

    @Test
    @Order(9)
    void ranWithoutAContentSecurityPolicyViolation() {
        for (ChromeDriver browser : List.of(visitor, agent)) {
            assertThat(violations(browser)).isEmpty();
        }
    }

    private static List<String> violations(ChromeDriver browser) {
        return browser.manage().logs().get("browser").getAll().stream()
                .map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy") || message.contains("Refused to"))
                .toList();
    }

    private static void assertOnScreen(ChromeDriver browser, WebElement element) {
        Map<?, ?> layout = (Map<?, ?>) browser.executeScript("const box = arguments[0].getBoundingClientRect();"
                + "const x = box.left + box.width / 2, y = box.top + box.height / 2;"
                + "return {viewport: window.innerWidth, page: document.documentElement.scrollWidth,"
                + " left: box.left, right: box.right, onTop: document.elementFromPoint(x, y) === arguments[0]};", element);
        assertThat(((Number) layout.get("viewport")).doubleValue()).as("the viewport, %s", layout).isEqualTo(390);
        assertThat(((Number) layout.get("page")).doubleValue()).as("the page's width, %s", layout).isLessThanOrEqualTo(390);
        assertThat(((Number) layout.get("right")).doubleValue()).as("the right edge, %s", layout).isLessThanOrEqualTo(390);
        assertThat(((Number) layout.get("left")).doubleValue()).as("the left edge, %s", layout).isGreaterThanOrEqualTo(0);
        assertThat(layout.get("onTop")).as("not covered, %s", layout).isEqualTo(true);
    }

    private static void forwardOverTheApi(String rid, String username) {
        RawHttp.Response forwarded = API.http().postJson(InquiriesServer.LIVECHAT_API + "/room.forward",
                ApiServerExtension.headers(API.token("mia")),
                "{\"roomId\":\"" + rid + "\",\"userId\":\"" + API.token(username).userId() + "\"}");
        assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);
    }

    // --- The visitor's and the agents' requests, as a widget and another desk would make them ---

    private static String startChat(String token, String name) {
        RawHttp.Response registered = API.http().postJson(InquiriesServer.LIVECHAT_API + "/visitor", List.of(),
                "{\"visitor\":{\"token\":\"" + token + "\",\"name\":\"" + name + "\",\"department\":\"d-sales\"}}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        RawHttp.Response room = API.http().get(InquiriesServer.LIVECHAT_API + "/room?token=" + token, List.of());
        assertThat(room.status()).as(room.body()).isEqualTo(200);
        Matcher id = ROOM_ID.matcher(room.body());
        assertThat(id.find()).as(room.body()).isTrue();
        return id.group(1);
    }

    private static void take(String username, String rid) {
        String inquiryId = API.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM inquiries WHERE rid = ?")
                .bind(0, rid).mapTo(String.class).one());
        RawHttp.Response took = API.http().postJson(InquiriesServer.LIVECHAT_API + "/inquiries.take",
                ApiServerExtension.headers(API.token(username)), "{\"inquiryId\":\"" + inquiryId + "\"}");
        assertThat(took.status()).as(took.body()).isEqualTo(200);
    }

    private static void forward(ChromeDriver browser, String name, String target) {
        forwardTo(browser, openForward(browser, name), target);
    }

    private static WebElement openForward(ChromeDriver browser, String name) {
        rowButton(browser, "chats-open", name, "forward").click();
        WebElement dialog = browser.findElement(By.id("forward-dialog"));
        Await.until(LOADED, dialog::isDisplayed, "the forward dialog did not open");
        return dialog;
    }

    private static void forwardTo(ChromeDriver browser, WebElement dialog, String target) {
        new Select(browser.findElement(By.id("forward-target"))).selectByVisibleText(target);
        browser.findElement(By.id("forward-confirm")).click();
        Await.until(LOADED, () -> !dialog.isDisplayed(), "the forward dialog did not close");
    }

    private static void awaitOfferedAgents(ChromeDriver browser, List<String> usernames) {
        Await.until(LOADED, () -> offeredAgents(browser).equals(usernames),
                () -> "Forward offers the agents " + offeredAgents(browser) + " instead of " + usernames + "; " + messages(browser));
    }

    private static List<String> offeredAgents(ChromeDriver browser) {
        return ((List<?>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#forward-target optgroup.agents option')).map(option => option.textContent)")).stream()
                .map(String::valueOf).toList();
    }

    // --- Reading the pages ---

    private static void signIn(ChromeDriver browser, String username) {
        browser.get(base());
        Await.until(LOADED, () -> browser.findElement(By.id("username")).isDisplayed(), "the sign-in form is not shown");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in-button")).click();
        Await.until(LOADED, () -> browser.findElement(By.id("workspace")).isDisplayed(),
                () -> username + " was not signed in: " + messages(browser));
    }

    private static String base() {
        return "http://localhost:" + API.port() + "/";
    }

    private static void awaitNames(ChromeDriver browser, String table, List<String> names) {
        Await.until(LOADED, () -> cells(browser, table, "name").equals(names),
                () -> table + " shows " + cells(browser, table, "name") + " instead of " + names + "; " + messages(browser));
    }

    private static void awaitLoads(ChromeDriver browser, List<String> rows) {
        Await.until(LOADED, () -> agentRows(browser).equals(rows),
                () -> "the agents are " + agentRows(browser) + " instead of " + rows + "; " + messages(browser));
    }

    /** Each agent's row as its cells' texts joined by "|", read in one script. */
    private static List<String> agentRows(ChromeDriver browser) {
        return ((List<?>) browser.executeScript("return Array.from(document.querySelectorAll('#agents-rows tr[data-id]'))"
                + ".map(row => Array.from(row.cells, cell => cell.textContent).join('|'))")).stream()
                .map(String::valueOf).toList();
    }

    private static void awaitServedBy(ChromeDriver browser, List<String> agents) {
        Await.until(LOADED, () -> cells(browser, "chats-open", "served-by").equals(agents),
                () -> "the open chats are served by " + cells(browser, "chats-open", "served-by") + " instead of " + agents
                        + "; " + messages(browser));
    }

    /** The texts of one column of a table's rows, read in one script so that a row replaced meanwhile cannot go stale. */
    private static List<String> cells(ChromeDriver browser, String table, String column) {
        return ((List<?>) browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(cell => cell.textContent)", "#" + table + "-rows tr[data-id] td." + column)).stream()
                .map(String::valueOf).toList();
    }

    private static WebElement rowButton(ChromeDriver browser, String table, String name, String button) {
        return (WebElement) browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".find(row => row.querySelector('td.name').textContent === arguments[1])"
                + ".querySelector('button.' + arguments[2])", "#" + table + "-rows tr[data-id]", name, button);
    }

    private static void sql(String statement) {
        API.jdbi().useHandle(handle -> handle.execute(statement));
    }

    private static String text(ChromeDriver browser, String id) {
        return Optional.ofNullable(browser.findElement(By.id(id)).getDomProperty("textContent")).orElse("");
    }

    private static String messages(ChromeDriver browser) {
        return "error \"" + text(browser, "error") + "\", notice \"" + text(browser, "notice") + "\"";
    }
}
