package dev.inquiries.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * One statement exactly as a repository runs it: a template with Jdbi's named attributes ({@code <name>}),
 * the constant SQL each attribute stands for, and the values of its named parameters ({@code :name}). The
 * repositories run it through {@link #query}, and the benchmark (module {@code bench}) derives its pgbench
 * floor from {@link #render}, so the floor never drifts from the SQL the service really sends. Public for
 * that benchmark only.
 *
 * @param template   the SQL with {@code <name>} attributes and {@code :name} parameters
 * @param defines    each attribute's SQL, always text of the repository's own constants, never request text
 * @param parameters each parameter's value, in the order of first use; a value may be {@code null}
 */
public record SqlStatement(String template, Map<String, String> defines, Map<String, Object> parameters) {

    public SqlStatement {
        Objects.requireNonNull(template, "template");
        defines = Collections.unmodifiableMap(new LinkedHashMap<>(defines));
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The statement as a query on the handle, attributes defined and parameters bound, not yet run. */
    public Query query(Handle handle) {
        Query query = handle.createQuery(template);
        defines.forEach(query::define);
        return query.bindMap(parameters);
    }

    /**
     * The SQL the handle's template engine makes of the template with these attributes, {@code :name}
     * parameters left in place: what {@link #query} sends, rendered without running it.
     */
    public String render(Handle handle) {
        try (Query query = query(handle)) {
            return handle.getConfig(SqlStatements.class).getTemplateEngine().render(template, query.getContext());
        }
    }

    /**
     * The statement as plain JDBC runs it ({@link Database#list}): the SQL Jdbi would send, with {@code ?} for each
     * parameter, and the parameters' names in their order. Made by Jdbi's own template engine and parser, once per
     * template and attributes ({@code parse} gets a handle for that), then kept: the attributes are the repositories'
     * constants, so their combinations are few.
     */
    Jdbc jdbc(Function<Function<Handle, Jdbc>, Jdbc> parse) {
        Jdbc kept = PARSED.get(new ParseKey(template, defines));
        if (kept != null) {
            return kept;
        }
        Jdbc parsed = parse.apply(this::parse);
        if (PARSED.size() >= PARSED_KEPT) {
            PARSED.clear();
        }
        PARSED.put(new ParseKey(template, defines), parsed);
        return parsed;
    }

    private Jdbc parse(Handle handle) {
        try (Query query = query(handle)) {
            SqlStatements config = handle.getConfig(SqlStatements.class);
            ParsedSql parsed = config.getSqlParser().parse(config.getTemplateEngine().render(template, query.getContext()),
                    query.getContext());
            return new Jdbc(parsed.getSql(), List.copyOf(parsed.getParameters().getParameterNames()));
        }
    }

    /** The statements parsed so far, by template and attributes. */
    private static final Map<ParseKey, Jdbc> PARSED = new ConcurrentHashMap<>();

    /** How many parsed statements {@link #PARSED} keeps before it starts again. */
    private static final int PARSED_KEPT = 512;

    private record ParseKey(String template, Map<String, String> defines) {
    }

    /**
     * A statement's JDBC form: its SQL with {@code ?} placeholders and the name of the parameter at each.
     *
     * @param sql   what the driver prepares
     * @param names each placeholder's parameter, in order
     */
    record Jdbc(String sql, List<String> names) {

        /**
         * Binds the values as Jdbi binds them, so that PostgreSQL sees the same parameter types (and plans): text,
         * bigint, integer, double precision, boolean, and a NULL of no type for which PostgreSQL infers one.
         */
        void bind(PreparedStatement statement, Map<String, Object> parameters) throws SQLException {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!parameters.containsKey(name)) {
                    throw new IllegalArgumentException("No value for the parameter :" + name);
                }
                Object value = parameters.get(name);
                int index = i + 1;
                switch (value) {
                    case null -> statement.setNull(index, Types.OTHER);
                    case String text -> statement.setString(index, text);
                    case Long number -> statement.setLong(index, number);
                    case Integer number -> statement.setInt(index, number);
                    case Double number -> statement.setDouble(index, number);
                    case Boolean flag -> statement.setBoolean(index, flag);
                    default -> throw new IllegalArgumentException("The parameter :" + name + " is a "
                            + value.getClass().getSimpleName() + ", which the JDBC path does not bind; use Jdbi's");
                }
            }
        }
    }
}
