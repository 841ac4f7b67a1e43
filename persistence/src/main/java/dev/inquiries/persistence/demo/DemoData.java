package dev.inquiries.persistence.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Fills an empty queue with made-up but plausible data: departments, and inquiries spread over them
 * (about one in eight with no department), named after people, queued at times over the size's spread (the
 * last 90 days for the {@code demo} command, the last hours for {@code serve --demo}). The inquiries are
 * generated inside PostgreSQL by one statement, so a million rows take seconds, not minutes.
 */
public final class DemoData {

    private static final List<String> DEPARTMENT_NAMES = List.of(
            "Sales", "Support", "Billing", "Onboarding", "Technical", "Returns", "Partnerships", "Enterprise",
            "Shipping", "Accounts", "Security", "Training", "Integrations", "Marketing", "Legal", "Compliance",
            "Hardware", "Mobile", "Web", "Payments");

    /**
     * A Rocket.Chat-style id per row: {@link RandomIds#LENGTH} characters drawn from {@code alphabet}
     * ({@link RandomIds#ALPHABET}), as {@link RandomIds#next()} makes them. Written out as 17 terms, not
     * a correlated subquery, because PostgreSQL then evaluates it in the row's own expression, without a
     * subplan per row (twice as fast for a million rows). A constant of this class, never input.
     */
    private static final String RANDOM_ID = "(" + String.join(" || ", Collections.nCopies(RandomIds.LENGTH,
            "substr(alphabet, 1 + floor(random() * " + RandomIds.ALPHABET.length() + ")::int, 1)")) + ")";

    /** The demo's inquiries in one statement: {@code insert_inquiries.sql}, composed once with {@link #RANDOM_ID}. */
    private static final String INSERT_INQUIRIES = SqlFiles.compose(SqlFiles.of(DemoData.class, "insert_inquiries"),
            Map.of("randomId", RANDOM_ID));
    private static final String IS_EMPTY = SqlFiles.of(DemoData.class, "is_empty");
    private static final String INSERT_DEPARTMENT = SqlFiles.of(DemoData.class, "insert_department");
    private static final String COUNTS = SqlFiles.of(DemoData.class, "counts");

    private static final double MILLIS_PER_SECOND = 1_000;

    private final Database database;

    public DemoData(Database database) {
        this.database = database;
    }

    /**
     * Loads the demo data when the queue is empty. The load is one transaction, and it is not bound by the
     * statement timeout of the service's pool, which is made for API requests, not for bulk loads.
     *
     * @return whether anything was loaded (false when the database held inquiries or departments already)
     */
    public boolean loadIntoEmptyQueue(DemoSize size) {
        return database.inMaintenanceTransaction(handle -> {
            boolean empty = handle.createQuery(IS_EMPTY)
                    .mapTo(Boolean.class)
                    .one();
            if (!empty) {
                return false;
            }
            List<String> departmentIds = new ArrayList<>();
            PreparedBatch departments = handle.prepareBatch(INSERT_DEPARTMENT);
            for (int i = 0; i < size.departments(); i++) {
                String id = RandomIds.next();
                departmentIds.add(id);
                String name = i < DEPARTMENT_NAMES.size() ? DEPARTMENT_NAMES.get(i) : "Department " + (i + 1);
                departments.bind("id", id).bind("name", name).add();
            }
            departments.execute();
            handle.execute("SELECT setseed(0.42)");
            handle.createUpdate(INSERT_INQUIRIES)
                    .bind("spreadSeconds", (double) size.spread().toMillis() / MILLIS_PER_SECOND)
                    .bind("queued", size.queued())
                    .bind("inquiries", size.inquiries())
                    .bindArray("departmentIds", String.class, departmentIds)
                    .bind("alphabet", RandomIds.ALPHABET)
                    .execute();
            handle.execute("ANALYZE departments");
            handle.execute("ANALYZE inquiries");
            return true;
        });
    }

    /** This class's statements, each in its one shape, for the catalog ({@link dev.inquiries.persistence.Statements}). */
    public static List<StatementShape> statements() {
        return List.of(shape("is_empty", IS_EMPTY), shape("insert_department", INSERT_DEPARTMENT),
                shape("insert_inquiries", INSERT_INQUIRIES), shape("counts", COUNTS));
    }

    private static StatementShape shape(String file, String sql) {
        return StatementShape.of(DemoData.class, file, "", new SqlStatement(sql, Map.of(), Map.of()));
    }

    /** What the database holds now: departments, inquiries, and queued inquiries. */
    public Counts counts() {
        return database.withHandle(handle -> handle.createQuery(COUNTS)
                .map(ConstructorMapper.of(Counts.class))
                .one());
    }

    /**
     * How much the database holds.
     *
     * @param departments how many departments
     * @param inquiries   how many inquiries, of any status
     * @param queued      how many of them are queued
     */
    public record Counts(long departments, long inquiries, long queued) {
    }
}
