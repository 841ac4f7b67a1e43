package dev.inquiries.web.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.inquiries.domain.InvalidParametersException;
import io.helidon.common.uri.UriQuery;

/** A request's query as names and their values, for the domain's parsers; bad percent-encoding is a 400. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The query as names and their values; names left empty (as in {@code ?a=1&}) are no parameters. */
    static Map<String, List<String>> of(UriQuery query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        try {
            for (String name : query.names()) {
                if (!name.isEmpty()) {
                    parameters.put(name, query.all(name));
                }
            }
        } catch (IllegalArgumentException badEncoding) {
            throw new InvalidParametersException("The query string is not valid percent-encoding");
        }
        return parameters;
    }
}
