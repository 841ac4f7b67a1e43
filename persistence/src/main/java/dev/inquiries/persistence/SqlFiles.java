package dev.inquiries.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The service's SQL, kept in named {@code .sql} files beside the class that runs it ({@code Foo/name.sql} in
 * {@code Foo}'s package, Jdbi's {@link ClasspathSqlLocator} convention) and read once, when that class loads. A
 * file holds one statement, or one named part of a statement that is composed from parts; {@code :name} marks a
 * parameter and {@code <name>} an attribute another file or a constant fills. Comments are for readers and are not
 * sent.
 */
public final class SqlFiles {

    private static final ClasspathSqlLocator LOCATOR = ClasspathSqlLocator.removingComments();
    /** The package the statements' names are relative to. */
    private static final String ROOT = SqlFiles.class.getPackageName().replace('.', '/') + "/";
    private static final Pattern ATTRIBUTE = Pattern.compile("<([A-Za-z][A-Za-z0-9]*)>");

    private SqlFiles() {
    }

    /**
     * The text of {@code name.sql} beside the owner.
     *
     * @throws IllegalStateException when there is no such file (a packaging error, found at start-up)
     */
    public static String of(Class<?> owner, String name) {
        return LOCATOR.locate(owner, name);
    }

    /**
     * The statements a class names by an enum, each read from the {@code .sql} file of its constant's name in lower
     * case beside the owner ({@code KNOWN_ROLES}: {@code known_roles.sql}), all when the class loads.
     *
     * @throws IllegalStateException when a file is missing (a packaging error, found at start-up)
     */
    public static <E extends Enum<E>> Map<E, String> all(Class<?> owner, Class<E> names) {
        Map<E, String> statements = new EnumMap<>(names);
        for (E name : names.getEnumConstants()) {
            statements.put(name, of(owner, fileOf(name)));
        }
        return Collections.unmodifiableMap(statements);
    }

    /**
     * The name a statement goes by outside the code (the command line's {@code statements}): the path of its file
     * below this package, without {@code .sql}, e.g. {@code queue/InquiryRepository/page}.
     */
    public static String nameOf(Class<?> owner, String name) {
        String path = owner.getName().replace('.', '/') + "/" + name;
        return path.startsWith(ROOT) ? path.substring(ROOT.length()) : path;
    }

    /** The name of the statement an enum constant names ({@link #all}'s convention). */
    public static String nameOf(Class<?> owner, Enum<?> name) {
        return nameOf(owner, fileOf(name));
    }

    /**
     * What {@code name.sql} beside the owner says of itself: the comment lines it starts with, without their
     * {@code --}, one per line.
     *
     * @throws IllegalStateException when there is no such file
     */
    public static String description(Class<?> owner, String name) {
        String path = owner.getName().replace('.', '/') + "/" + name + ".sql";
        try (InputStream file = owner.getClassLoader().getResourceAsStream(path)) {
            if (file == null) {
                throw new IllegalStateException("No SQL file " + path);
            }
            List<String> comments = new ArrayList<>();
            for (String line : new String(file.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (!line.startsWith("--")) {
                    break;
                }
                comments.add(line.substring(2).startsWith(" ") ? line.substring(3) : line.substring(2));
            }
            return comments.stream().collect(Collectors.joining("\n"));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read " + path, unreadable);
        }
    }

    /**
     * Each statement of {@link #all} as its one shape, as the catalog of statements lists it; those
     * {@code composed} names are left out (their repositories list their shapes themselves).
     */
    public static <E extends Enum<E>> List<StatementShape> shapes(Class<?> owner, Map<E, String> statements,
                                                                   Set<E> composed) {
        List<StatementShape> shapes = new ArrayList<>();
        statements.forEach((name, sql) -> {
            if (!composed.contains(name)) {
                shapes.add(StatementShape.of(owner, fileOf(name), "", new SqlStatement(sql, Map.of(), Map.of())));
            }
        });
        return shapes;
    }

    private static String fileOf(Enum<?> name) {
        return name.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The template with each attribute of {@code parts} replaced by its text, once, at start-up; the attributes
     * {@code remaining} names are left for Jdbi to fill per statement.
     *
     * @throws IllegalStateException when the template names an attribute that is neither filled here nor left
     *                               for later
     */
    public static String compose(String template, Map<String, String> parts, String... remaining) {
        Set<String> left = Set.of(remaining);
        StringBuilder composed = new StringBuilder();
        Matcher attribute = ATTRIBUTE.matcher(template);
        while (attribute.find()) {
            String name = attribute.group(1);
            String replacement;
            if (parts.containsKey(name)) {
                replacement = parts.get(name);
            } else if (left.contains(name)) {
                replacement = attribute.group();
            } else {
                throw new IllegalStateException("Nothing fills the attribute <" + name + ">");
            }
            attribute.appendReplacement(composed, Matcher.quoteReplacement(replacement));
        }
        attribute.appendTail(composed);
        return composed.toString();
    }
}
