package dev.inquiries.web;

/**
 * A configuration value the service cannot use ({@code DB_POOL_SIZE=-1}, {@code SERVER_PORT=abc}): the
 * operator's mistake, not a bug, so the command line shows its message as it is and exits 2. The message
 * names the key and its environment variable and says what it wants.
 */
public final class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}
