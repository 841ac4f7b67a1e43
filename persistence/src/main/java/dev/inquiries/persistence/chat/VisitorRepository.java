package dev.inquiries.persistence.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.visitor.VisitorRefusal;
import dev.inquiries.domain.visitor.VisitorRegistration;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.Gathering;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Visitors ({@code livechat/visitor}): registering one by its token, which makes it or updates it
 * ({@code register.sql}), and keeps the name of its open chat in step with its own ({@code rename.sql}, only when the
 * registration found it stale). Registrations that arrive together are written by one statement ({@link Gathering}):
 * one commit for all of them.
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

    /** The most registrations one statement writes; those arriving while one runs wait for the next. */
    private static final int REGISTRATIONS_PER_STATEMENT = 64;

    private final Database database;
    private final Gathering<VisitorRegistration, RegisterRow> registrations = new Gathering<>(
            REGISTRATIONS_PER_STATEMENT, this::registerAll);

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
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            RegisterRow row = registrations.call(registration);
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

    /**
     * The registrations in as few statements as their tokens allow ({@code register.sql}): one row each, in order. A
     * statement holds each token once (the same token's registrations are applied one after the other, each answered
     * as it left the visitor), so the first statement holds the first registration of every token, the next the
     * second, and so on: one statement in all when every token differs, the usual case.
     */
    private List<RegisterRow> registerAll(List<VisitorRegistration> batch) {
        Map<String, Integer> seen = new HashMap<>();
        List<List<Integer>> statements = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            int round = seen.merge(batch.get(i).token(), 1, Integer::sum) - 1;
            if (round == statements.size()) {
                statements.add(new ArrayList<>());
            }
            statements.get(round).add(i);
        }
        RegisterRow[] rows = new RegisterRow[batch.size()];
        for (List<Integer> places : statements) {
            List<VisitorRegistration> distinct = places.stream().map(batch::get).toList();
            List<RegisterRow> written = register(distinct);
            for (int i = 0; i < places.size(); i++) {
                rows[places.get(i)] = written.get(i);
            }
        }
        return List.of(rows);
    }

    /** One statement for registrations of distinct tokens. */
    private List<RegisterRow> register(List<VisitorRegistration> batch) {
        return database.withHandle(handle -> handle.createQuery(REGISTER)
                .bindArray("tokens", String.class, field(batch, registration -> Optional.of(registration.token())))
                .bindArray("names", String.class, field(batch, VisitorRegistration::name))
                .bindArray("emails", String.class, field(batch, VisitorRegistration::email))
                .bindArray("phones", String.class, field(batch, VisitorRegistration::phone))
                .bindArray("departments", String.class, field(batch, VisitorRegistration::department))
                .bindArray("usernames", String.class, field(batch, VisitorRegistration::username))
                .bindArray("ids", String.class, batch.stream().map(registration -> RandomIds.next()).toList())
                .map(RegisterRow::map)
                .list());
    }

    /** One field of every registration, null where it is not given. */
    private static List<String> field(List<VisitorRegistration> batch,
                                      Function<VisitorRegistration, Optional<String>> field) {
        return batch.stream().map(registration -> field.apply(registration).orElse(null)).toList();
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
