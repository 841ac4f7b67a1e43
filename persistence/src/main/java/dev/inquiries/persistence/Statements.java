package dev.inquiries.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Paging;
import dev.inquiries.persistence.chat.ChatIntake;
import dev.inquiries.persistence.chat.ChatMoves;
import dev.inquiries.persistence.chat.RoomList;
import dev.inquiries.persistence.chat.VisitorRepository;
import dev.inquiries.persistence.demo.DemoData;
import dev.inquiries.persistence.ordering.PriorityRepository;
import dev.inquiries.persistence.ordering.SlaRepository;
import dev.inquiries.persistence.queue.QueueStatements;

/**
 * The catalog of every statement the service runs, each in every shape it composes of it, exactly as its repository
 * composes it (the repositories list their own): what the command line's {@code statements} prints for psql, and
 * what a test runs through psql. A statement's per-request attributes are those of an example request: the caller
 * checked as the endpoints check it, the endpoint's default order.
 */
public final class Statements {

    /** The caller of the examples. */
    public static final Credentials EXAMPLE_CALLER = new Credentials("nVFGk2Rz7fQpXm3aB", "an example token");
    /** The department the examples filter by. */
    public static final String EXAMPLE_DEPARTMENT = "Sales";
    /** The paging of the examples: the defaults. */
    public static final Paging PAGING = new Paging(50, 100, false);
    /** The lifetime of the examples' tokens: the default. */
    public static final Duration TOKEN_LIFETIME = Duration.ofDays(90);

    private Statements() {
    }

    /** Every shape of every statement, by statement name, each statement's shapes in the order its repository lists them. */
    public static List<StatementShape> all() {
        List<StatementShape> shapes = new ArrayList<>();
        shapes.addAll(AgentRepository.statements());
        shapes.addAll(DepartmentRepository.statements());
        shapes.addAll(LoginBlocks.statements());
        shapes.addAll(LoginTokenRepository.statements());
        shapes.addAll(PermissionRepository.statements());
        shapes.addAll(RequestCounts.statements());
        shapes.addAll(RoutingRepository.statements());
        shapes.addAll(UnitRepository.statements());
        shapes.addAll(UserRepository.statements());
        shapes.addAll(DemoData.statements());
        shapes.addAll(QueueStatements.all());
        shapes.addAll(ChatIntake.statements());
        shapes.addAll(ChatMoves.statements());
        shapes.addAll(VisitorRepository.statements());
        shapes.addAll(RoomList.statements());
        shapes.addAll(PriorityRepository.statements());
        shapes.addAll(SlaRepository.statements());
        shapes.sort(Comparator.comparing(StatementShape::statement));
        return List.copyOf(shapes);
    }

    /** The statements' names, in order, each once. */
    public static List<String> names() {
        return all().stream().map(StatementShape::statement).distinct().toList();
    }

    /** The shapes of the statement of this name; none when there is no such statement. */
    public static List<StatementShape> named(String name) {
        return all().stream().filter(shape -> shape.statement().equals(name)).toList();
    }
}
