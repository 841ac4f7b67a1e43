package dev.inquiries.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request for the live queue, parsed from the query parameters of {@code GET /api/v1/livechat/inquiries.stream}.
 *
 * @param view       which list the stream mirrors
 * @param department a department id or name to filter by, as that list's {@code department}; empty for none
 */
public record InquiryStreamRequest(QueueView view, Optional<String> department) {

    /** The parameter names the endpoint accepts; any other is refused. */
    public static final Set<String> PARAMETERS = Set.of("of", "department");

    private static final int MAX_ECHOED = 64;

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
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw new InvalidParametersException("Unknown parameter \"" + shortened(parameter.getKey())
                        + "\"; the parameters are of and department");
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidParametersException(
                        "The parameter \"" + parameter.getKey() + "\" must be given at most once");
            }
        }
        QueueView view = value(parameters, "of")
                .map(of -> QueueView.fromWireName(of).orElseThrow(() -> new InvalidParametersException(
                        "The parameter \"of\" must be list or queuedForUser, not \"" + shortened(of) + "\"")))
                .orElse(QueueView.LIST);
        return new InquiryStreamRequest(view, value(parameters, "department"));
    }

    private static String shortened(String text) {
        return text.length() <= MAX_ECHOED ? text : text.substring(0, MAX_ECHOED) + "...";
    }

    private static Optional<String> value(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.isEmpty() || values.getFirst().isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
