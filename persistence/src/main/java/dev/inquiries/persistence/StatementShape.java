package dev.inquiries.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One statement of the service in one of the shapes it composes of it, as a person reads and runs it in {@code psql}:
 * the text the repository sends, every attribute filled, with its parameters written as psql variables and a header
 * saying which to set. The command line's {@code statements} prints these; a test runs each through {@code psql}.
 *
 * @param statement   the statement's name, its file below the persistence package ({@link SqlFiles#nameOf})
 * @param shape       which of the statement's shapes, empty when it has one
 * @param description what its file says of it
 * @param sql         the statement as its repository runs it: per-request attributes are those of an example request
 *                    (the caller's check, the default order)
 */
public record StatementShape(String statement, String shape, String description, SqlStatement sql) {

    public StatementShape {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
    }

    /** The shape of the statement in {@code file.sql} beside the owner. */
    public static StatementShape of(Class<?> owner, String file, String shape, SqlStatement sql) {
        return new StatementShape(SqlFiles.nameOf(owner, file), shape, SqlFiles.description(owner, file), sql);
    }

    /**
     * The text the service sends, every attribute filled, {@code :name} parameters in place.
     *
     * @throws IllegalStateException when an attribute is not filled
     */
    public String composed() {
        return SqlFiles.compose(sql.template(), sql.defines());
    }

    /** The names of its parameters, in the order of first use. */
    public List<String> parameters() {
        return PsqlText.parameters(composed());
    }

    /**
     * The {@code \set} line of each parameter: the example request's value where the repository bound one, else an
     * example of the kind the service binds.
     */
    public List<String> variables() {
        List<String> lines = new ArrayList<>();
        for (String parameter : parameters()) {
            Object bound = sql.parameters().get(parameter);
            lines.add(PsqlText.set(parameter, bound == null ? StatementExamples.of(parameter) : String.valueOf(bound)));
        }
        return lines;
    }

    /**
     * The statement for psql: a header of comments (its name and shape, what its file says, the {@code \set} lines to
     * give first), then the text with each parameter as {@code :'name'}, ended by a semicolon.
     */
    public String psql() {
        StringBuilder text = new StringBuilder();
        text.append("-- ").append(statement).append(shape.isEmpty() ? "" : " (" + shape + ")").append('\n');
        description.lines().forEach(line -> text.append(line.isEmpty() ? "--" : "-- " + line).append('\n'));
        List<String> variables = variables();
        text.append("--\n-- Run in the service's schema (SET search_path TO its DB_SCHEMA)");
        if (variables.isEmpty()) {
            text.append("; it has no parameters.\n");
        } else {
            text.append(", after giving psql its parameters, e.g.:\n");
            variables.forEach(line -> text.append("--   ").append(line).append('\n'));
            if (parameters().contains("hashedToken")) {
                text.append("-- (hashedToken is base64(sha256(the token)), as stored; psql makes it from a token with\n")
                        .append("--   SELECT encode(sha256(convert_to('TOKEN', 'UTF8')), 'base64') AS \"hashedToken\" \\gset)\n");
            }
        }
        text.append(PsqlText.withVariables(composed()).strip()).append(";\n");
        return text.toString();
    }
}
