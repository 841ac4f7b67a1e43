package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code livechat.close.comment.required=false} (Rocket.Chat's {@code Livechat_request_comment_when_closing_conversation}
 * off): an agent closes the chat it serves without a comment, and the chat keeps none.
 */
class CloseWithoutCommentTest {

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase()
            .settings(settings -> settings.withChats(new Settings.ChatSettings(false)));

    @Test
    void closesWithoutACommentWhenNoneIsRequired() {
        assertThat(Settings.defaults().chats().commentRequiredOnClose()).isTrue();
        List<String> ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        API.inquiry("n1", "Visitor n1", Instant.parse("2026-12-01T09:00:00Z"), "queued", null);
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'taken', taken_at = now(), "
                + "taken_by = ? WHERE id = 'n1'", API.token("ann").userId()));

        RawHttp.Response closed = API.http().postJson(InquiriesServer.LIVECHAT_API + "/room.closeByUser", ann,
                "{\"rid\":\"room-n1\"}");

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body()).isEqualTo("{\"success\":true}");
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE id = 'n1' AND status = 'closed' "
                + "AND close_comment IS NULL AND close_tags IS NULL")).isEqualTo(1);
        assertThat(API.count("SELECT count(*) FROM chat_events WHERE inquiry_id = 'n1' AND kind = 'closed' "
                + "AND comment IS NULL AND actor_id IS NOT NULL")).isEqualTo(1);
    }
}
