package dev.inquiries.web.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryRecord;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.InvalidRequestException;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.QueueOrder;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.queue.AgentQueueRepository;
import dev.inquiries.persistence.queue.InquiryRepository;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The livechat inquiry endpoints, mounted at {@code /api/v1/livechat}: the managers' list, an agent's queue
 * (queuedForUser), one inquiry (getOne) and taking one (take).
 *
 * <pre>
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" 'http://localhost:3000/api/v1/livechat/inquiries.list?count=10'
 * </pre>
 */
public final class InquiriesService implements HttpService {

    /** Clients may keep a page, but must ask (If-None-Match) before using it again; shared caches may not. */
    private static final Header CACHE_CONTROL = HeaderValues.create(HeaderNames.CACHE_CONTROL, "private, no-cache");

    private static final Set<String> GET_ONE_PARAMETERS = Set.of("roomId");
    private static final Set<String> TAKE_FIELDS = Set.of("inquiryId", "userId");

    /** A queue as a page endpoint reads it: its permission, its default order, its page and its version. */
    private record Queue(String name, Permission permission, SortSpec defaultSort, Reader<InquiryPage> page,
                         Reader<Long> version) {
    }

    @FunctionalInterface
    private interface Reader<T> {
        Authorized<T> read(Credentials credentials, Permission permission, InquiryListRequest request);
    }

    private final Authenticator authenticator;
    private final AgentQueueRepository agentQueue;
    private final Paging paging;
    private final Queue list;
    private final Queue queuedForUser;

    public InquiriesService(Authenticator authenticator, InquiryRepository inquiries, AgentQueueRepository agentQueue,
                            Paging paging) {
        this.authenticator = authenticator;
        this.agentQueue = agentQueue;
        this.paging = paging;
        this.list = new Queue("list", Permission.VIEW_LIVECHAT_MANAGER, SortSpec.DEFAULT, inquiries::listFor,
                inquiries::versionFor);
        this.queuedForUser = new Queue("queuedForUser", Permission.VIEW_L_ROOM, QueueOrder.DEFAULT.sort(),
                inquiries::queuedFor, inquiries::queuedVersionFor);
    }

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/inquiries.list", (request, response) -> page(list, request, response));
        Endpoints.only(rules, Method.GET, "/inquiries.queuedForUser",
                (request, response) -> page(queuedForUser, request, response));
        Endpoints.only(rules, Method.GET, "/inquiries.getOne", this::getOne);
        Endpoints.only(rules, Method.POST, "/inquiries.take", this::take);
    }

    /**
     * Checks the caller and reads in one round trip. The order of answers stays the contract's: a bad
     * caller gets 401/403 even when its parameters are bad too, which costs a check of its own only then.
     */
    private void page(Queue queue, ServerRequest request, ServerResponse response) {
        Credentials credentials = authenticator.credentials(request);
        InquiryListRequest listRequest = checkedFirst(request, queue.permission(),
                () -> InquiryListRequest.parse(QueryParameters.of(request.query()), paging, queue.defaultSort()));
        Optional<String> ifNoneMatch = request.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent()) {
            long version = Authenticator.granted(queue.version().read(credentials, queue.permission(), listRequest),
                    queue.permission());
            String current = EntityTags.of(queue.name(), credentials.userId(), listRequest, version);
            if (EntityTags.matches(ifNoneMatch.get(), current)) {
                response.status(Status.NOT_MODIFIED_304)
                        .header(HeaderNames.ETAG, current)
                        .header(CACHE_CONTROL)
                        .send();
                return;
            }
        }
        InquiryPage page = Authenticator.granted(queue.page().read(credentials, queue.permission(), listRequest),
                queue.permission());
        response.status(Status.OK_200)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.ETAG, EntityTags.of(queue.name(), credentials.userId(), listRequest, page.version()))
                .header(CACHE_CONTROL)
                .send(JsonBodies.page(page));
    }

    /** {@code ?roomId=}: the room's inquiry if the caller may see it, else {@code null}. */
    private void getOne(ServerRequest request, ServerResponse response) {
        Permission permission = Permission.VIEW_L_ROOM;
        String roomId = checkedFirst(request, permission, () -> roomId(QueryParameters.of(request.query())));
        Optional<InquiryRecord> inquiry = Authenticator.granted(
                agentQueue.getOne(authenticator.credentials(request), permission, roomId), permission);
        send(response, JsonBodies.inquiry(inquiry));
    }

    /** {@code {"inquiryId", "userId"?}}: takes the inquiry, for the caller or (a manager's) for another agent. */
    private void take(ServerRequest request, ServerResponse response) {
        Permission permission = Permission.VIEW_L_ROOM;
        TakeRequest take = checkedFirst(request, permission, () -> takeRequest(JsonRequests.object(request)));
        InquiryRecord taken = Authenticator.granted(
                agentQueue.take(authenticator.credentials(request), permission, take.inquiryId(), take.userId()),
                permission);
        send(response, JsonBodies.inquiry(Optional.of(taken)));
    }

    /**
     * The request's parameters as {@code parse} reads them; when they are bad, the caller's 401 or 403 comes
     * first (a check of its own, only then).
     */
    private <T> T checkedFirst(ServerRequest request, Permission permission, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidRequestException | HttpException invalid) {
            authenticator.require(request, permission);
            throw invalid;
        }
    }

    private static String roomId(Map<String, List<String>> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!GET_ONE_PARAMETERS.contains(parameter.getKey())) {
                throw new InvalidParametersException("must NOT have additional properties");
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidParametersException("The parameter \"roomId\" must be given at most once");
            }
        }
        List<String> values = parameters.getOrDefault("roomId", List.of());
        if (values.isEmpty() || values.getFirst().isEmpty()) {
            throw new InvalidParametersException("must have required property 'roomId'");
        }
        return values.getFirst();
    }

    private record TakeRequest(String inquiryId, Optional<String> userId) {
    }

    private static TakeRequest takeRequest(ObjectNode body) {
        body.fieldNames().forEachRemaining(field -> {
            if (!TAKE_FIELDS.contains(field)) {
                throw new InvalidParametersException("must NOT have additional properties");
            }
        });
        JsonNode inquiryId = body.get("inquiryId");
        if (inquiryId == null) {
            throw new InvalidParametersException("must have required property 'inquiryId'");
        }
        if (!inquiryId.isTextual()) {
            throw new InvalidParametersException("inquiryId must be string");
        }
        JsonNode userId = body.get("userId");
        if (userId != null && !userId.isTextual()) {
            throw new InvalidParametersException("userId must be string");
        }
        return new TakeRequest(inquiryId.textValue(), Optional.ofNullable(userId).map(JsonNode::textValue));
    }

    private static void send(ServerResponse response, byte[] body) {
        response.status(Status.OK_200)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderValues.CACHE_NO_CACHE)
                .send(body);
    }
}
