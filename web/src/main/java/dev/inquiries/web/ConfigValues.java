package dev.inquiries.web;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Reads typed values from the configuration, each key over its default in {@code application.yaml} (the one
 * place defaults live), and turns a value of the wrong kind into a {@link ConfigurationException} that names
 * the key, its environment variable and what it wants, instead of Helidon's mapping failure.
 */
final class ConfigValues {

    /** The bundled configuration: every key the service reads, with its default. */
    static final String DEFAULTS = "application.yaml";

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,10}");
    private static final int HIGHEST_PORT = 65_535;

    private final Config config;

    private ConfigValues(Config config) {
        this.config = config;
    }

    /** The values of the configuration given, taking {@code application.yaml}'s for the keys it lacks. */
    static ConfigValues over(Config given) {
        return new ConfigValues(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(given))
                .addSource(ConfigSources.classpath(DEFAULTS))
                .build());
    }

    /** Only the defaults of {@code application.yaml}. */
    static ConfigValues defaults() {
        return over(Config.empty());
    }

    /** The node under a key, defaults included, for parts of the configuration read by Helidon itself. */
    Config node(String key) {
        return config.get(key);
    }

    /**
     * The environment variable that overrides a key, as Helidon maps them: upper case, dots as underscores,
     * dashes as {@code _dash_} ({@code server.shutdown-grace-period} is {@code SERVER_SHUTDOWN_dash_GRACE_dash_PERIOD}).
     */
    static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", "_dash_");
    }

    /** The text of a key, stripped; empty when it is empty. */
    String text(String key) {
        Config node = config.get(key);
        if (!node.exists()) {
            throw new IllegalStateException(DEFAULTS + " has no key " + key + ": every key the service reads needs a default there");
        }
        if (!node.isLeaf()) {
            throw invalid(key, "a single value", "(a group of keys)");
        }
        return node.asString().orElse("").strip();
    }

    /** The text of a key, or empty when it is blank. */
    Optional<String> nonBlank(String key) {
        String value = text(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A port number, 0 to 65535 (0 asks for any free port). */
    int port(String key) {
        String raw = text(key);
        Optional<Integer> port = wholeNumber(raw).filter(value -> value >= 0 && value <= HIGHEST_PORT);
        return port.orElseThrow(() -> invalid(key, "a port number from 0 to " + HIGHEST_PORT + " (0: any free port)", raw));
    }

    /** A whole number of at least {@code least}. */
    int atLeast(String key, int least) {
        String raw = text(key);
        return wholeNumber(raw).filter(value -> value >= least)
                .orElseThrow(() -> invalid(key, "a whole number of at least " + least, raw));
    }

    /** An ISO-8601 duration ({@code PT2S}, {@code P90D}) of at least {@code least}. */
    Duration duration(String key, Duration least) {
        String raw = text(key);
        String wants = "an ISO-8601 duration of at least " + least + " (such as PT2S for two seconds, P90D for ninety days)";
        try {
            Duration value = Duration.parse(raw);
            if (value.compareTo(least) < 0) {
                throw invalid(key, wants, raw);
            }
            return value;
        } catch (DateTimeParseException notADuration) {
            throw invalid(key, wants, raw);
        }
    }

    /** {@code true} or {@code false}. */
    boolean bool(String key) {
        String raw = text(key);
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "true or false", raw);
        };
    }

    /** One of the named choices, in any case. */
    <T> T choice(String key, Map<String, T> choices) {
        String raw = text(key);
        T chosen = choices.get(raw.toLowerCase(Locale.ROOT));
        if (chosen == null) {
            throw invalid(key, String.join(" or ", choices.keySet().stream().sorted().toList()), raw);
        }
        return chosen;
    }

    /** The failure for a value of a key that is not what the key wants. */
    static ConfigurationException invalid(String key, String wants, String raw) {
        return new ConfigurationException(name(key) + " must be " + wants + ", not \"" + raw + "\"");
    }

    /** How a message names a key: {@code db.pool.size (DB_POOL_SIZE)}. */
    static String name(String key) {
        return key + " (" + environmentVariable(key) + ")";
    }

    private static Optional<Integer> wholeNumber(String raw) {
        if (!WHOLE_NUMBER.matcher(raw).matches()) {
            return Optional.empty();
        }
        long value = Long.parseLong(raw);
        return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? Optional.empty() : Optional.of((int) value);
    }
}
