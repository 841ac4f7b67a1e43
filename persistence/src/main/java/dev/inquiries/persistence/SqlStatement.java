package dev.inquiries.persistence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jdbi.v3.core.Handle;
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
}
