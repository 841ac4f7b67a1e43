package dev.inquiries.persistence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * SQL as {@code psql} runs it: Jdbi's named parameters ({@code :name}) become psql variables interpolated as literals
 * ({@code :'name'}), which a {@code \set name 'value'} gives. A colon inside a quoted literal, a quoted identifier,
 * a dollar-quoted string or a comment is no parameter, nor is a cast's {@code ::}, as Jdbi's own parser has it.
 */
final class PsqlText {

    private PsqlText() {
    }

    /** The parameters' names, in the order of first use, each once. */
    static List<String> parameters(String sql) {
        Set<String> names = new LinkedHashSet<>();
        scan(sql, new StringBuilder(), names::add);
        return new ArrayList<>(names);
    }

    /** The SQL with each {@code :name} written {@code :'name'}. */
    static String withVariables(String sql) {
        StringBuilder text = new StringBuilder();
        scan(sql, text, name -> text.append(":'").append(name).append('\''));
        return text.toString();
    }

    /** The psql meta-command that sets the variable to the value, quoted as psql reads a quoted argument. */
    static String set(String name, String value) {
        return "\\set " + name + " '" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Copies the SQL to {@code text}, but hands each parameter's name to {@code parameter} instead of copying it. */
    private static void scan(String sql, StringBuilder text, Consumer<String> parameter) {
        int at = 0;
        while (at < sql.length()) {
            char c = sql.charAt(at);
            int end;
            if (c == '\'' || c == '"') {
                end = closing(sql, at, String.valueOf(c));
            } else if (sql.startsWith("--", at)) {
                end = sql.indexOf('\n', at) < 0 ? sql.length() : sql.indexOf('\n', at);
            } else if (sql.startsWith("/*", at)) {
                end = sql.indexOf("*/", at + 2) < 0 ? sql.length() : sql.indexOf("*/", at + 2) + 2;
            } else if (c == '$' && dollarTag(sql, at) != null) {
                String tag = dollarTag(sql, at);
                int close = sql.indexOf(tag, at + tag.length());
                end = close < 0 ? sql.length() : close + tag.length();
            } else if (sql.startsWith("::", at)) {
                end = at + 2;
            } else if (c == ':' && at + 1 < sql.length() && isNameStart(sql.charAt(at + 1))) {
                end = at + 2;
                while (end < sql.length() && isNamePart(sql.charAt(end))) {
                    end++;
                }
                parameter.accept(sql.substring(at + 1, end));
                at = end;
                continue;
            } else {
                end = at + 1;
            }
            text.append(sql, at, end);
            at = end;
        }
    }

    /** The end of the quoted text opening at {@code at}, past its closing quote; a doubled quote is part of it. */
    private static int closing(String sql, int at, String quote) {
        int next = at + 1;
        while (true) {
            int close = sql.indexOf(quote, next);
            if (close < 0) {
                return sql.length();
            }
            if (!sql.startsWith(quote + quote, close)) {
                return close + 1;
            }
            next = close + 2;
        }
    }

    /** The dollar-quote tag ({@code $$}, {@code $body$}) opening at {@code at}, or null. */
    private static String dollarTag(String sql, int at) {
        int end = at + 1;
        while (end < sql.length() && isNamePart(sql.charAt(end))) {
            end++;
        }
        boolean tagged = end < sql.length() && sql.charAt(end) == '$'
                && (end == at + 1 || isNameStart(sql.charAt(at + 1)));
        return tagged ? sql.substring(at, end + 1) : null;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
