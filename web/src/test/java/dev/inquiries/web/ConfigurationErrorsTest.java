package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.inquiries.web.cli.InquiriesCommand;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A configuration value of the wrong kind is the operator's mistake: one line naming the key, its
 * environment variable and what it wants, and exit 2, before anything is started.
 */
class ConfigurationErrorsTest {

    private static final String PORT = "a port number from 0 to 65535 (0: any free port)";
    private static final String DURATION = "an ISO-8601 duration of at least %s (such as PT2S for two seconds, P90D for ninety days)";
    private static final String SCHEMA = "a lower-case PostgreSQL identifier (letters, digits, underscores; not starting with pg_)";

    /** Each kind of value: port, whole number, positive number, duration, boolean, choice, schema, URL. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            server.port                    | abc                | PORT
            server.port                    | 65536              | PORT
            db.embedded.port               | -1                 | PORT
            db.pool.size                   | -1                 | a whole number of at least 1
            db.pool.size                   | 0                  | a whole number of at least 1
            api.count.limit                | x                  | a whole number of at least 1
            server.max-concurrent-requests | 1.5                | a whole number of at least 1
            db.pool.timeout                | 5 seconds          | DURATION PT0.25S
            db.statement.timeout           | PT0S               | DURATION PT0.001S
            auth.token.lifetime            | 90 days            | DURATION PT0.001S
            api.count.infinite             | yes                | true or false
            db.pooler                      | foo                | none or transaction
            db.schema                      | Support-Queue      | SCHEMA
            api.count.default              | 101                | at most api.count.limit (API_COUNT_LIMIT), 100
            demo.visitors.every            | 5s                 | an ISO-8601 duration (such as PT5S for five seconds), or 0 or off for none
            demo.visitors.every            | -PT5S              | an ISO-8601 duration (such as PT5S for five seconds), or 0 or off for none
            """)
    void refusesABadValueInOneLineNamingTheKeyAndExits2(String key, String value, String wants) {
        String expected = key + " (" + key.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", "_dash_") + ") must be "
                + (wants.equals("PORT") ? PORT : wants.equals("SCHEMA") ? SCHEMA
                        : wants.startsWith("DURATION ") ? DURATION.formatted(wants.substring("DURATION ".length())) : wants)
                + ", not \"" + value + "\"";
        assertRefusedInOneLine(Map.of(key, value), expected);
    }

    /** {@code serve --demo}'s simulated visitors: a period, or none for 0, off, or a zero duration. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            PT5S   | PT5S
            PT0.2S | PT0.2S
            0      | PT0S
            off    | PT0S
            PT0S   | PT0S
            """)
    void readsTheDemoVisitorsPeriodWithZeroOrOffForNone(String value, String expected) {
        Settings settings = Settings.from(Config.just(ConfigSources.create(Map.of("demo.visitors.every", value))));
        assertThat(settings.demo().visitorsEvery()).isEqualTo(Duration.parse(expected));
        assertThat(settings.demo().visitorsArrive()).isEqualTo(!expected.equals("PT0S"));
    }

    @Test
    void refusesAUrlOfAnotherDatabaseWithoutRepeatingIt() {
        assertRefusedInOneLine(Map.of("db.url", "mysql://db/support?password=s3cr3t"), "db.url (DB_URL) must be a PostgreSQL "
                + "JDBC URL, jdbc:postgresql://host:5432/database, or empty for the embedded PostgreSQL");
    }

    private static void assertRefusedInOneLine(Map<String, String> configuration, String expected) {
        for (String command : new String[] {"serve", "migrate", "users add --username x", "tokens create --username x"}) {
            CommandRun run = CommandRun.of(configuration, command.split(" "));

            assertThat(run.exitCode()).as(command).isEqualTo(InquiriesCommand.USAGE);
            assertThat(run.err()).as(command).isEqualTo("inquiries: " + expected + "\n");
            assertThat(run.out()).as(command).isEmpty();
        }
    }
}
