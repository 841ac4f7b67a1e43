package dev.inquiries.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.domain.request.Query;
import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for the live queue, parsed from the query parameters of {@code GET /api/v1/livechat/inquiries.stream}.
 *
 * @param view       which list the stream mirrors
 * @param department a department id or name to filter by, as that list's {@code department}; empty for none
 */
public record InquiryStreamRequest(QueueView view, Optional<String> department) {

    private static final QueryShape QUERY = QueryShape.of(Wording.LISTED, "of", "department");
    private static final List<String> VIEWS = Arrays.stream(QueueView.values()).map(QueueView::wireName).toList();

    /** The parameter names the endpoint accepts; any other is refused. */
    public static final Set<String> PARAMETERS = QUERY.names();

    public InquiryStreamRequest {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(department, "department");
    }

    /**
     * Parses the query parameters; an empty value is the same as leaving the parameter out.
     *
     * @throws InvalidParametersException when a name is not accepted, a parameter is repeated, or {@code of} is
     *                                    neither {@code list} nor {@code queuedForUser}
     */
    public static InquiryStreamRequest parse(Map<String, List<String>> parameters) {
        Query query = QUERY.check(parameters);
        QueueView view = query.choice("of", QueueView::fromWireName, VIEWS).orElse(QueueView.LIST);
        return new InquiryStreamRequest(view, query.value("department"));
    }
}
