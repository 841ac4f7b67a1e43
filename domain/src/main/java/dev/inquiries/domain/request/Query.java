package dev.inquiries.domain.request;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.ListField;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.SortObject;
import dev.inquiries.domain.SortObject.Term;

/**
 * A query its {@link QueryShape} accepted: each name at most once, and only names of the shape. Its values are
 * read here, each in the one way the API reads such a value; an empty value ({@code count=}) counts as absent.
 */
public final class Query {

    private final QueryShape shape;
    private final Map<String, List<String>> parameters;

    Query(QueryShape shape, Map<String, List<String>> parameters) {
        this.shape = shape;
        this.parameters = Map.copyOf(parameters);
    }

    /** The parameter's value; empty when it is absent or empty. */
    public Optional<String> value(String name) {
        if (!shape.accepts(name)) {
            throw new IllegalArgumentException("the query's shape has no parameter " + name);
        }
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.isEmpty() || values.getFirst().isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /**
     * The parameter's value, which must be there.
     *
     * @throws dev.inquiries.domain.Refusal in the shape's wording when it is absent or empty
     */
    public String required(String name) {
        return value(name).orElseThrow(() -> shape.wording().missing(name));
    }

    /**
     * A {@code true}/{@code false} switch; absent is {@code false}.
     *
     * @throws InvalidParametersException for any other value
     */
    public boolean flag(String name) {
        return value(name).map(raw -> switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParametersException("The parameter \"" + name + "\" must be true or false");
        }).orElse(false);
    }

    /**
     * One of a set of named values.
     *
     * @param choices the value each name stands for, empty for a name that is none of them
     * @param names   the names, as the message lists them
     * @throws InvalidParametersException for a name that is none of them, quoting it
     */
    public <T> Optional<T> choice(String name, Function<String, Optional<T>> choices, List<String> names) {
        return value(name).map(raw -> choices.apply(raw).orElseThrow(() -> new InvalidParametersException(
                "The parameter \"" + name + "\" must be " + Wording.enumeration(names, "or") + ", not \""
                        + Wording.shortened(raw) + "\"")));
    }

    /**
     * The page a list's {@code offset} and {@code count} ask for.
     *
     * @throws InvalidParametersException when either is not a non-negative integer
     */
    public Page page(Paging paging) {
        return paging.page(value("offset"), value("count"));
    }

    /**
     * A list's {@code sort}: a sort object of its fields, or the list's default order when there is none.
     *
     * @throws dev.inquiries.domain.InvalidSortException when it is not a sort object of the fields
     */
    public <F extends Enum<F> & ListField> List<Term<F>> sort(Class<F> fields, List<Term<F>> defaultSort) {
        return value("sort").map(raw -> SortObject.parse(raw, ListField.of(fields))).orElse(defaultSort);
    }
}
