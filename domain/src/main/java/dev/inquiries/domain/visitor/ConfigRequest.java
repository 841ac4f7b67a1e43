package dev.inquiries.domain.visitor;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.domain.request.Query;
import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * What a visitor's widget asks when it starts: the query of {@code GET /api/v1/livechat/config} (Rocket.Chat's
 * {@code GETLivechatConfigParams}: ajv's words).
 *
 * @param token        the visitor's token, for its own details and open chat
 * @param department   the department, by id or name, whose agents decide {@code online}
 * @param businessUnit a unit (by id) whose departments alone are listed
 */
public record ConfigRequest(Optional<String> token, Optional<String> department, Optional<String> businessUnit) {

    private static final QueryShape QUERY = QueryShape.of(Wording.AJV, "token", "department", "businessUnit");

    public ConfigRequest {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(businessUnit, "businessUnit");
    }

    /**
     * Parses the query parameters.
     *
     * @throws dev.inquiries.domain.InvalidParametersException for another name, or a name given twice
     */
    public static ConfigRequest parse(Map<String, List<String>> parameters) {
        Query query = QUERY.check(parameters);
        return new ConfigRequest(query.value("token"), query.value("department"), query.value("businessUnit"));
    }
}
