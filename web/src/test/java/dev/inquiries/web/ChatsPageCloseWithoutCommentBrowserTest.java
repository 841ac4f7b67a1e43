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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code livechat.close.comment.required=false}: My chats' Close closes at once, asking for no comment, because
 * the page tries without one first and asks only when the service refuses it.
 */
class ChatsPageCloseWithoutCommentBrowserTest {

    private static final String PASSWORD = "a long enough passphrase";
    private static final Duration LOADED = Duration.ofSeconds(10);

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase()
            .settings(settings -> settings.withChats(new Settings.ChatSettings(false)));

    @RegisterExtension
    static final Browsers BROWSERS = new Browsers();

    @Test
    void closesAtOnceWithoutAskingForAComment() {
        API.department("d-sales", "Sales");
        new UserRepository(API.database()).add("ari", PASSWORD, List.of(Roles.LIVECHAT_AGENT, Roles.USER));
        new AgentRepository(API.database()).add("ari", "d-sales");
        API.inquiry("n1", "Nina Novak", Instant.now().minusSeconds(60), "queued", "d-sales");
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'taken', taken_at = now(), "
                + "taken_by = ? WHERE id = 'n1'", API.token("ari").userId()));
        ChromeDriver agent = BROWSERS.open();
        agent.get("http://localhost:" + API.port() + "/");
        Await.until(LOADED, () -> agent.findElement(By.id("username")).isDisplayed(), "the sign-in form is not shown");
        agent.findElement(By.id("username")).sendKeys("ari");
        agent.findElement(By.id("password")).sendKeys(PASSWORD);
        agent.findElement(By.id("sign-in-button")).click();
        Await.until(LOADED, () -> agent.findElement(By.id("tab-chats")).isDisplayed(), () -> "no My chats tab; " + messages(agent));
        agent.findElement(By.id("tab-chats")).click();
        Await.until(LOADED, () -> !agent.findElements(By.cssSelector("#chats-mine-rows tr[data-id='room-n1'] button.close"))
                .isEmpty(), () -> "the served chat is not under My chats; " + messages(agent));

        agent.findElement(By.cssSelector("#chats-mine-rows tr[data-id='room-n1'] button.close")).click();

        Await.until(LOADED, () -> text(agent, "notice").equals("You closed the chat with Nina Novak."),
                () -> "the close was not confirmed: " + messages(agent));
        assertThat(agent.findElement(By.id("close-dialog")).isDisplayed()).isFalse();
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE id = 'n1' AND status = 'closed' AND close_comment IS NULL"))
                .isEqualTo(1);
        Await.until(LOADED, () -> text(agent, "chats-mine-total").equals("0 open chats"),
                () -> "My chats still counts " + text(agent, "chats-mine-total"));
    }

    private static String text(ChromeDriver browser, String id) {
        return Optional.ofNullable(browser.findElement(By.id(id)).getDomProperty("textContent")).orElse("");
    }

    private static String messages(ChromeDriver browser) {
        return "error \"" + text(browser, "error") + "\", notice \"" + text(browser, "notice") + "\"";
    }
}
