package dev.inquiries.web.api.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.domain.visitor.RoomEvent;

/**
 * What a visitor is told of its chat: {@code queueInfo} ({@code livechat/config}, and the data of {@code room.stream}'s
 * {@code queueData}), and the data of {@code agentData} and {@code closed}.
 */
public final class RoomEventJson {

    /** Who the waiting message is from, as Rocket.Chat's queueInfo says. */
    private static final String MESSAGE_USER = "rocket.cat";

    private RoomEventJson() {
    }

    /** The SSE event's name: {@code queueData}, {@code agentData} or {@code closed}. */
    public static String name(RoomEvent event) {
        return switch (event) {
            case RoomEvent.QueueData queue -> "queueData";
            case RoomEvent.AgentData agent -> "agentData";
            case RoomEvent.Closed closed -> "closed";
        };
    }

    /**
     * The SSE event's data: queueInfo for {@code queueData}, {@code {"_id","username"}} for {@code agentData},
     * {@code {}} for {@code closed}.
     */
    public static String data(RoomEvent event, String waitingMessage) {
        byte[] body = JsonWriter.write(json -> {
            switch (event) {
                case RoomEvent.QueueData queue -> writeQueueInfo(json, queue, waitingMessage);
                case RoomEvent.AgentData agent -> {
                    json.writeStartObject();
                    json.writeStringField("_id", agent.id());
                    json.writeStringField("username", agent.username());
                    json.writeEndObject();
                }
                case RoomEvent.Closed closed -> {
                    json.writeStartObject();
                    json.writeEndObject();
                }
            }
        });
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * {@code {"spot":<n>,"message":{"text":"<waiting message>","user":{"_id":"rocket.cat","username":"rocket.cat"}},
     * "estimatedWaitTimeSeconds"?:<n>}}.
     */
    static void writeQueueInfo(JsonGenerator json, RoomEvent.QueueData queue, String waitingMessage) throws IOException {
        json.writeStartObject();
        json.writeNumberField("spot", queue.spot());
        json.writeObjectFieldStart("message");
        json.writeStringField("text", waitingMessage);
        json.writeObjectFieldStart("user");
        json.writeStringField("_id", MESSAGE_USER);
        json.writeStringField("username", MESSAGE_USER);
        json.writeEndObject();
        json.writeEndObject();
        if (queue.estimatedWaitSeconds().isPresent()) {
            json.writeNumberField("estimatedWaitTimeSeconds", queue.estimatedWaitSeconds().getAsLong());
        }
        json.writeEndObject();
    }
}
