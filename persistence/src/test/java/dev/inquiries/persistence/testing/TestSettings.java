package dev.inquiries.persistence.testing;

import java.time.Duration;

import dev.inquiries.domain.Paging;
import dev.inquiries.persistence.DatabaseSettings;

/**
 * The settings persistence tests run the service's code with, named once. They are test parameters, not
 * the service's defaults: those live only in web's {@code application.yaml}, which web's tests read.
 */
public final class TestSettings {

    /** A pool as small as the service's. */
    public static final int POOL_SIZE = 8;
    public static final Duration POOL_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration TOKEN_LIFETIME = Duration.ofDays(90);
    /** Rocket.Chat's paging: 50 by default, at most 100, no unlimited lists. */
    public static final Paging PAGING = new Paging(50, 100, false);

    private TestSettings() {
    }

    /** Settings for the database at the URL (which carries the credentials), in PostgreSQL's default schema. */
    public static DatabaseSettings database(String url) {
        return new DatabaseSettings(url, null, null, POOL_SIZE, POOL_TIMEOUT, STATEMENT_TIMEOUT);
    }
}
