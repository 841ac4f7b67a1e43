package dev.inquiries.persistence.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.visitor.VisitorRefusal;
import dev.inquiries.domain.visitor.VisitorRegistration;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Visitors ({@code livechat/visitor}): registering one by its token, which makes it or updates it
 * ({@code register.sql}), and keeps the name of its open chat in step with its own ({@code rename.sql}, only when the
 * registration found it stale).
 */
public final class VisitorRepository {

    /** A visitor's columns, {@code visitor.sql}: shared with {@link ChatIntake}'s statements. */
    static final String VISITOR = SqlFiles.of(VisitorRepository.class, "visitor");

    private static final String REGISTER = SqlFiles.compose(SqlFiles.of(VisitorRepository.class, "register"),
            Map.of("visitor", VISITOR));
    private static final String RENAME = SqlFiles.of(VisitorRepository.class, "rename");

    /** Its statements, for the catalog ({@link dev.inquiries.persistence.Statements}). */
    public static List<StatementShape> statements() {
        return List.of(shape("register", REGISTER), shape("rename", RENAME));
    }

    private static StatementShape shape(String file, String sql) {
        return StatementShape.of(VisitorRepository.class, file, "", new SqlStatement(sql, Map.of(), Map.of()));
    }

    /**
     * How often a registration runs at most: once more after meeting a concurrent registration of the same token
     * (the second run updates that visitor), and a few times after drawing a guest number that a visitor chose as its
     * username (each run draws the next).
     */
    static final int ATTEMPTS = 5;

    private final Database database;

    public VisitorRepository(Database database) {
        this.database = database;
    }

    /**
     * Makes the visitor of the token, or updates it with the fields given; an open chat of the visitor takes its new
     * name (a {@code changed} event on the stream), with the visitor as the step's actor. The rename is a statement of
     * its own, run only when there is a chat to rename: an update of the queue's table costs its triggers even when it
     * changes nothing. Should the service stop between the two, the chat keeps its old name until the visitor's next
     * registration.
     *
     * @throws dev.inquiries.domain.Refusal {@link VisitorRefusal#INVALID_DEPARTMENT} for a department that names none,
     *                                      {@link VisitorRefusal#USERNAME_TAKEN} for a new visitor's username that
     *                                      another visitor has
     */
    public Visitor register(VisitorRegistration registration) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("token", registration.token());
        parameters.put("name", registration.name().orElse(null));
        parameters.put("email", registration.email().orElse(null));
        parameters.put("phone", registration.phone().orElse(null));
        parameters.put("department", registration.department().orElse(null));
        parameters.put("username", registration.username().orElse(null));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            parameters.put("id", RandomIds.next());
            RegisterRow row = database.withHandle(handle -> PostgresText.bind(handle.createQuery(REGISTER), parameters)
                    .map(RegisterRow::map)
                    .one());
            if (!row.departmentValid()) {
                throw VisitorRefusal.INVALID_DEPARTMENT.refusal();
            }
            if (row.visitor().isPresent()) {
                if (row.staleChat()) {
                    database.withHandle(handle -> handle.createUpdate(RENAME)
                            .bind("visitorId", row.visitor().get().id())
                            .execute());
                }
                return row.visitor().get();
            }
            if (row.usernameTaken()) {
                throw VisitorRefusal.USERNAME_TAKEN.refusal();
            }
        }
        throw new IllegalStateException("A visitor could not be registered in " + ATTEMPTS + " attempts");
    }

    /** The visitor in a row's {@link #VISITOR} columns, or empty when the row has none. */
    static Optional<Visitor> readVisitor(ResultSet row) throws SQLException {
        String id = row.getString("visitor_id");
        if (id == null) {
            return Optional.empty();
        }
        return Optional.of(new Visitor(id, row.getString("visitor_token"), row.getString("visitor_username"),
                Optional.ofNullable(row.getString("visitor_name")), Optional.ofNullable(row.getString("visitor_email")),
                Optional.ofNullable(row.getString("visitor_phone")),
                Optional.ofNullable(row.getString("visitor_department_id")),
                instant(row, "visitor_created_at").orElseThrow(), instant(row, "visitor_updated_at").orElseThrow()));
    }

    static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /**
     * The row of {@link #REGISTER}: whether the department was found, the visitor if one was written, and whether its
     * open chat's name is not its own.
     */
    private record RegisterRow(boolean departmentValid, boolean usernameTaken, boolean staleChat,
                               Optional<Visitor> visitor) {

        static RegisterRow map(ResultSet row, StatementContext context) throws SQLException {
            return new RegisterRow(row.getBoolean("department_valid"), row.getBoolean("username_taken"),
                    row.getBoolean("stale_chat"), readVisitor(row));
        }
    }
}
