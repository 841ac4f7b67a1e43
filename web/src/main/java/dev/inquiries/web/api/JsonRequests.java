package dev.inquiries.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

/**
 * Reads a request's JSON body, bounded: more than {@link #MAX_BYTES} is a 413 whatever the body says about
 * its length, and anything but one JSON object (malformed, an array, trailing text, a key given twice) is a
 * 400 {@code invalid-params}. The parser's own messages never reach the client: they may quote the body.
 */
final class JsonRequests {

    /** The largest body any endpoint reads: far above any real request of this API. */
    static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private JsonRequests() {
    }

    /** The body as a JSON object. */
    static ObjectNode object(ServerRequest request) {
        if (request.headers().contentLength().orElse(0) > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] body = read(request);
        JsonNode parsed;
        try (JsonParser parser = JSON.createParser(body)) {
            parsed = JSON.readTree(parser);
        } catch (IOException malformed) {
            throw new InvalidParametersException("The body must be a JSON object");
        }
        if (parsed instanceof ObjectNode object) {
            return object;
        }
        throw new InvalidParametersException("The body must be a JSON object");
    }

    private static byte[] read(ServerRequest request) {
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw tooLarge();
            }
            return body;
        } catch (IOException failed) {
            throw new UncheckedIOException("reading the request body failed", failed);
        }
    }

    private static HttpException tooLarge() {
        return new HttpException("Payload Too Large", Status.REQUEST_ENTITY_TOO_LARGE_413, false);
    }
}
