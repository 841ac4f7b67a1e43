package dev.inquiries.web.cli;

import java.io.IOException;

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

    static void print(CommandSpec command, Object value) {
        try {
            command.commandLine().getOut().println(MAPPER.writeValueAsString(value));
            command.commandLine().getOut().flush();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("plain maps, lists and JSON trees always serialise", impossible);
        }
    }
}
