package dev.inquiries.persistence.queue;

import java.util.ArrayList;
import java.util.List;

import dev.inquiries.persistence.StatementShape;

/** The queue's statements in each of their shapes, for the catalog of statements ({@code Statements}). */
public final class QueueStatements {

    private QueueStatements() {
    }

    /** Those of the list and the agents' queue, the change log, the health read, and the visitors' spots and streams. */
    public static List<StatementShape> all() {
        List<StatementShape> shapes = new ArrayList<>();
        shapes.addAll(InquiryRepository.statements());
        shapes.addAll(AgentQueueRepository.statements());
        shapes.addAll(QueueChangeLog.statements());
        shapes.addAll(QueueHealthRepository.statements());
        shapes.addAll(InquiryOrdering.statements());
        shapes.addAll(QueueWaitLimit.statements());
        shapes.addAll(QueuePositions.statements());
        shapes.addAll(RoomStreamFeed.statements());
        return shapes;
    }
}
