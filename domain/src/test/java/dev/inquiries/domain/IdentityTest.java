package dev.inquiries.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

import dev.inquiries.domain.login.LoginName;
import dev.inquiries.domain.login.PasswordDigest;
import org.junit.jupiter.api.Test;

class IdentityTest {

    @Test
    void makesRocketChatStyleIds() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> ids.add(RandomIds.next()));

        assertThat(ids).hasSize(1000).allSatisfy(id -> assertThat(id).hasSize(17)
                .matches("[" + RandomIds.ALPHABET + "]{" + RandomIds.LENGTH + "}"));
    }

    @Test
    void hashesTokensAsRocketChatDoes() {
        // base64(sha256("abc")), as Accounts._hashLoginToken computes it.
        assertThat(TokenHasher.hash("abc")).isEqualTo("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }

    @Test
    void makesLongUnguessableTokens() {
        String token = TokenHasher.newToken();

        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(TokenHasher.newToken());
    }

    @Test
    void hashesPasswordsSlowlyWithSaltAndChecksThem() {
        String hash = PasswordHasher.hash("correct horse");

        assertThat(hash).startsWith("$2a$10$").doesNotContain("correct horse");
        assertThat(PasswordHasher.hash("correct horse")).isNotEqualTo(hash);
        assertThat(PasswordHasher.matches(PasswordDigest.ofPlain("correct horse"), hash)).isTrue();
        assertThat(PasswordHasher.matches(PasswordDigest.ofPlain("wrong horse"), hash)).isFalse();
    }

    @Test
    void checksAPasswordTheClientHashedItself() {
        String hash = PasswordHasher.hash("correct horse");
        String digest = Sha256.hex("correct horse");

        assertThat(PasswordHasher.matches(PasswordDigest.ofHex(digest.toUpperCase(Locale.ROOT)), hash)).isTrue();
        // echo -n 'correct horse' | sha256sum
        assertThat(digest).isEqualTo("4104d36f8da2c254349f85836793ebe029e0c957063a34c91c2e9203187b5631");
        assertThatThrownBy(() -> PasswordDigest.ofHex("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordDigest.ofHex("g".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesNothingWithoutAUsableStoredHash() {
        PasswordDigest any = PasswordDigest.ofPlain("");

        assertThat(PasswordHasher.matches(any, null)).isFalse();
        assertThat(PasswordHasher.matches(any, "not a bcrypt hash")).isFalse();
        assertThat(any.toString()).doesNotContain(any.hex());
    }

    @Test
    void countsFailuresOfEmailsWithoutRegardToCase() {
        assertThat(LoginName.ofUserField("Ana@Example.com")).isEqualTo(new LoginName(LoginName.Kind.EMAIL, "Ana@Example.com"));
        assertThat(LoginName.ofUserField("Ana@Example.com").blockingKey()).isEqualTo("ana@example.com");
        assertThat(LoginName.ofUserField("Ana").kind()).isEqualTo(LoginName.Kind.USERNAME);
        assertThat(LoginName.ofUserField("Ana").blockingKey()).isEqualTo("Ana");
    }

    @Test
    void grantsPermissionsThroughRoles() {
        Principal manager = new Principal("u1", "maria", Set.of(Roles.LIVECHAT_MANAGER),
                Set.of(Permission.VIEW_LIVECHAT_MANAGER.id(), Permission.VIEW_L_ROOM.id()));
        Principal agent = new Principal("u2", "tom", Set.of(Roles.LIVECHAT_AGENT), Set.of(Permission.VIEW_L_ROOM.id()));

        assertThat(manager.has(Permission.VIEW_LIVECHAT_MANAGER)).isTrue();
        assertThat(agent.has(Permission.VIEW_LIVECHAT_MANAGER)).isFalse();
        assertThat(agent.has(Permission.VIEW_L_ROOM)).isTrue();
    }

    @Test
    void grantsTheListToManagersMonitorsAndAdminsByDefault() {
        assertThat(Roles.DEFAULT_GRANTS.get(Permission.VIEW_LIVECHAT_MANAGER))
                .containsExactlyInAnyOrder("livechat-manager", "livechat-monitor", "admin");
        assertThat(Roles.DEFAULT_GRANTS.get(Permission.VIEW_L_ROOM))
                .containsExactlyInAnyOrder("livechat-agent", "livechat-manager", "livechat-monitor", "admin");
    }
}
