package dev.inquiries.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.inquiries.domain.Paging;
import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.persistence.DatabaseSettings.Pooler;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.LoginTokenRepository;
import io.helidon.config.Config;

/**
 * The service's configuration, read once from Helidon Config: {@code application.yaml}, overridden by
 * environment variables ({@code DB_URL} becomes {@code db.url}) and system properties.
 *
 * @param server         the web server's own node ({@code server.port}, {@code server.host}, ...)
 * @param database       how to reach an existing PostgreSQL, or empty to run the embedded one
 * @param embeddedDir    where the embedded PostgreSQL keeps its data
 * @param embeddedPort   the port the embedded PostgreSQL listens on, 0 for any free one
 * @param paging         the paging rules of the list endpoints
 * @param tokenLifetime  how long a login token stays valid after it is made
 * @param schema         the schema of the service's tables, on an existing or the embedded PostgreSQL
 * @param signIn         when repeated failed logins block, and whose address counts
 */
public record Settings(Config server,
                Optional<DatabaseSettings> database,
                Path embeddedDir,
                int embeddedPort,
                Paging paging,
                Duration tokenLifetime,
                String schema,
                SignInSettings signIn) {

    /** Reads the default configuration sources. */
    public static Settings load() {
        return from(Config.create());
    }

    public static Settings from(Config config) {
        Config db = config.get("db");
        String schema = nonBlank(db.get("schema")).orElse(DatabaseSettings.DEFAULT_SCHEMA);
        Optional<DatabaseSettings> database = nonBlank(db.get("url")).map(url -> new DatabaseSettings(
                url,
                nonBlank(db.get("username")).orElse(null),
                nonBlank(db.get("password")).orElse(null),
                db.get("pool.size").asInt().orElse(DatabaseSettings.DEFAULT_POOL_SIZE),
                db.get("pool.timeout").as(Duration.class).orElse(DatabaseSettings.DEFAULT_CONNECTION_TIMEOUT),
                db.get("statement.timeout").as(Duration.class).orElse(DatabaseSettings.DEFAULT_STATEMENT_TIMEOUT),
                schema,
                nonBlank(db.get("pooler")).map(Pooler::named).orElse(Pooler.NONE)));
        Path embeddedDir = nonBlank(db.get("embedded.dir")).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".inquiries", "pgdata"));
        Config count = config.get("api.count");
        Paging paging = new Paging(
                count.get("default").asInt().orElse(Paging.DEFAULTS.defaultCount()),
                count.get("limit").asInt().orElse(Paging.DEFAULTS.upperCountLimit()),
                count.get("infinite").asBoolean().orElse(Paging.DEFAULTS.allowInfiniteCount()));
        return new Settings(
                config.get("server"),
                database,
                embeddedDir,
                db.get("embedded.port").asInt().orElse(0),
                paging,
                config.get("auth.token.lifetime").as(Duration.class).orElse(LoginTokenRepository.DEFAULT_LIFETIME),
                schema,
                signIn(config.get("auth.login")));
    }

    private static SignInSettings signIn(Config login) {
        Config block = login.get("block");
        return new SignInSettings(
                new LoginPolicy(
                        block.get("user.failures").asInt().get(),
                        block.get("user.duration").as(Duration.class).get(),
                        block.get("ip.failures").asInt().get(),
                        block.get("ip.duration").as(Duration.class).get(),
                        block.get("window").as(Duration.class).get()),
                login.get("proxy.trusted").asBoolean().get());
    }

    /**
     * How {@code POST /api/v1/login} treats failures.
     *
     * @param policy     when repeated failures block a name or an address
     * @param trustProxy whether a proxy in front sets {@code X-Forwarded-For}, so that its last address is
     *                   the client's (otherwise the connection's peer is)
     */
    public record SignInSettings(LoginPolicy policy, boolean trustProxy) {
    }

    private static Optional<String> nonBlank(Config node) {
        return node.asString().asOptional().filter(value -> !value.isBlank());
    }
}
