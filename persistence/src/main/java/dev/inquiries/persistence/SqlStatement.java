package dev.inquiries.persistence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One statement exactly as a repository runs it: SQL with Jdbi's named parameters ({@code :name}) and their
 * values in the order of first use. The repositories bind from it, and the benchmark's floor is derived from
 * it, so the floor never drifts from the SQL the service really sends.
 *
 * @param sql        the SQL, with {@code :name} placeholders
 * @param parameters each placeholder's value; a value may be {@code null}
 */
record SqlStatement(String sql, Map<String, Object> parameters) {

    SqlStatement {
        Objects.requireNonNull(sql, "sql");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
