package dev.inquiries.web.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Model.CommandSpec;

/** Prints command results as one line of JSON each, for scripts to read. */
final class JsonLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    /**
     * A JSON value that one of the API's writers made, read back so that it prints as every other value does
     * (the API's writer escapes characters beyond the Basic Multilingual Plane, which a line prints as they are).
     */
    static Object written(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException impossible) {
            throw new IllegalStateException("the API's writers write valid JSON", impossible);
        }
    }

    /**
     * A JSON object of these members, in this order: {@code object("_id", id, "name", name)}. A value may be
     * {@code null} (written as JSON null).
     *
     * @param members each member's name followed by its value
     */
    static Map<String, Object> object(Object... members) {
        if (members.length % 2 != 0) {
            throw new IllegalArgumentException("each member needs a name and a value");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < members.length; i += 2) {
            json.put((String) members[i], members[i + 1]);
        }
        return json;
    }

    static void print(CommandSpec command, Object value) {
        try {
            command.commandLine().getOut().println(MAPPER.writeValueAsString(value));
            command.commandLine().getOut().flush();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("plain maps, lists and JSON trees always serialise", impossible);
        }
    }
}
