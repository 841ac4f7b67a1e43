package dev.inquiries.web.api;

import java.util.Optional;
import java.util.function.Supplier;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryGetOneRequest;
import dev.inquiries.domain.InquiryRecord;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.InquiryTakeRequest;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.QueueOrder;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.queue.AgentQueueRepository;
import dev.inquiries.persistence.queue.InquiryRepository;
import dev.inquiries.web.api.json.InquiryJson;
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

    /** A queue as a page endpoint reads it: its permission, its default order, its page and its version. */
    private record Queue(String name, Permission permission, Supplier<SortSpec> defaultSort, Reader<InquiryPage> page,
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
    private final PageCache<PageKey> pages;

    /** Whose page of which queue: a caller's own, as its ETag is. */
    private record PageKey(String queue, String userId, InquiryListRequest request) {
    }

    /**
     * The endpoints over the repositories.
     *
     * @param pageCache how many rendered pages to keep for answering a request whose queue has not changed since
     *                  ({@link PageCache}); 0 reads every page
     * @param deskOrder the order the desk works its queues in (Omnichannel_sorting_mechanism): queuedForUser's default
     */
    public InquiriesService(Authenticator authenticator, InquiryRepository inquiries, AgentQueueRepository agentQueue,
                            Paging paging, int pageCache, Supplier<QueueOrder> deskOrder) {
        this.authenticator = authenticator;
        this.agentQueue = agentQueue;
        this.paging = paging;
        this.pages = new PageCache<>(pageCache);
        this.list = new Queue("list", Permission.VIEW_LIVECHAT_MANAGER, () -> SortSpec.DEFAULT, inquiries::listFor,
                inquiries::versionFor);
        this.queuedForUser = new Queue("queuedForUser", Permission.VIEW_L_ROOM, () -> deskOrder.get().sort(),
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
     * Checks the caller and reads the queue's version in one round trip; answers 304 when the client's ETag is that
     * version's, the kept page when it was read at that version, and otherwise reads the page (caller, total and rows
     * in one more round trip, one snapshot) and keeps it. The order of answers stays the contract's: a bad caller
     * gets 401/403 even when its parameters are bad too, which costs a check of its own only then.
     */
    private void page(Queue queue, ServerRequest request, ServerResponse response) {
        Credentials credentials = authenticator.credentials(request);
        InquiryListRequest listRequest = checkedFirst(request, queue.permission(),
                () -> InquiryListRequest.parse(QueryParameters.of(request.query()), paging, queue.defaultSort().get()));
        long version = Authenticator.granted(queue.version().read(credentials, queue.permission(), listRequest),
                queue.permission());
        PageKey key = new PageKey(queue.name(), credentials.userId(), listRequest);
        PageCache.Page kept = pages.kept(key, version);
        String current = kept != null ? kept.tag() : EntityTags.of(queue.name(), credentials.userId(), listRequest, version);
        Optional<String> ifNoneMatch = request.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && EntityTags.matches(ifNoneMatch.get(), current)) {
            response.status(Status.NOT_MODIFIED_304)
                    .header(HeaderNames.ETAG, current)
                    .header(CACHE_CONTROL)
                    .send();
            return;
        }
        PageCache.Page page = kept != null ? kept : pages.page(key, version, () -> {
            InquiryPage read = Authenticator.granted(queue.page().read(credentials, queue.permission(), listRequest),
                    queue.permission());
            return new PageCache.Page(read.version(), InquiryJson.page(read),
                    EntityTags.of(queue.name(), credentials.userId(), listRequest, read.version()));
        });
        response.status(Status.OK_200)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.ETAG, page.tag())
                .header(CACHE_CONTROL)
                .send(page.body());
    }

    /** {@code ?roomId=}: the room's inquiry if the caller may see it, else {@code null}. */
    private void getOne(ServerRequest request, ServerResponse response) {
        Permission permission = Permission.VIEW_L_ROOM;
        InquiryGetOneRequest getOne = checkedFirst(request, permission,
                () -> InquiryGetOneRequest.parse(QueryParameters.of(request.query())));
        Optional<InquiryRecord> inquiry = Authenticator.granted(
                agentQueue.getOne(authenticator.credentials(request), permission, getOne.roomId()), permission);
        Endpoints.sendJson(response, InquiryJson.record(inquiry));
    }

    /** {@code {"inquiryId", "userId"?}}: takes the inquiry, for the caller or (a manager's) for another agent. */
    private void take(ServerRequest request, ServerResponse response) {
        Permission permission = Permission.VIEW_L_ROOM;
        InquiryTakeRequest take = checkedFirst(request, permission,
                () -> InquiryTakeRequest.parse(JsonRequests.object(request)));
        InquiryRecord taken = Authenticator.granted(
                agentQueue.take(authenticator.credentials(request), permission, take.inquiryId(), take.userId()),
                permission);
        Endpoints.sendJson(response, InquiryJson.record(Optional.of(taken)));
    }

    /**
     * The request's parameters as {@code parse} reads them; when they are bad, the caller's 401 or 403 comes
     * first (a check of its own, only then).
     */
    private <T> T checkedFirst(ServerRequest request, Permission permission, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (Refusal | HttpException invalid) {
            authenticator.require(request, permission);
            throw invalid;
        }
    }
}
