package dev.inquiries.domain.request;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

import dev.inquiries.domain.InvalidParametersException;

/**
 * The query parameters an endpoint accepts, and how it words any other: checking a query refuses, parameter by
 * parameter in the order given, a name it does not accept and a name given more than once.
 * <pre>
 * private static final QueryShape QUERY = QueryShape.of(Wording.LISTED, "department", "offset", "count", "sort");
 * Query query = QUERY.check(parameters);
 * Optional&lt;String&gt; department = query.value("department");
 * </pre>
 */
public final class QueryShape {

    private final Wording wording;
    private final List<String> names;

    private QueryShape(Wording wording, List<String> names) {
        this.wording = wording;
        this.names = List.copyOf(names);
    }

    /** The shape of a query of these names, in the order its messages list them. */
    public static QueryShape of(Wording wording, String... names) {
        return new QueryShape(wording, List.of(names));
    }

    /** The names accepted, in the order the messages list them. */
    public SequencedSet<String> names() {
        return Collections.unmodifiableSequencedSet(new LinkedHashSet<>(names));
    }

    /**
     * Checks each parameter's name and count.
     *
     * @param parameters each parameter name with the values it was given, in the order given
     * @throws dev.inquiries.domain.Refusal for the first parameter, in that order, whose name is not accepted or
     *                                      that is given more than once
     */
    public Query check(Map<String, List<String>> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!names.contains(parameter.getKey())) {
                throw wording.unknownName(parameter.getKey(), names);
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidParametersException(
                        "The parameter \"" + parameter.getKey() + "\" must be given at most once");
            }
        }
        return new Query(this, parameters);
    }

    Wording wording() {
        return wording;
    }

    boolean accepts(String name) {
        return names.contains(name);
    }
}
