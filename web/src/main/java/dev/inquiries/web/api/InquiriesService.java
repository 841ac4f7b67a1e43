package dev.inquiries.web.api;

import java.util.Optional;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.InvalidRequestException;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Permission;
import dev.inquiries.persistence.InquiryRepository;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The livechat inquiry endpoints, mounted at {@code /api/v1/livechat}.
 *
 * <pre>
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" 'http://localhost:3000/api/v1/livechat/inquiries.list?count=10'
 * </pre>
 */
public final class InquiriesService implements HttpService {

    private static final Permission PERMISSION = Permission.VIEW_LIVECHAT_MANAGER;

    /** Clients may keep a page, but must ask (If-None-Match) before using it again; shared caches may not. */
    private static final Header CACHE_CONTROL = HeaderValues.create(HeaderNames.CACHE_CONTROL, "private, no-cache");

    private final Authenticator authenticator;
    private final InquiryRepository inquiries;
    private final Paging paging;

    public InquiriesService(Authenticator authenticator, InquiryRepository inquiries, Paging paging) {
        this.authenticator = authenticator;
        this.inquiries = inquiries;
        this.paging = paging;
    }

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/inquiries.list", this::list);
    }

    /**
     * Checks the caller and reads in one round trip. The order of answers stays the contract's: a bad
     * caller gets 401/403 even when its parameters are bad too, which costs a check of its own only then.
     */
    private void list(ServerRequest request, ServerResponse response) {
        Credentials credentials = authenticator.credentials(request);
        InquiryListRequest listRequest;
        try {
            listRequest = InquiryListRequest.parse(QueryParameters.of(request.query()), paging);
        } catch (InvalidRequestException invalid) {
            authenticator.require(request, PERMISSION);
            throw invalid;
        }
        Optional<String> ifNoneMatch = request.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent()) {
            long version = Authenticator.granted(inquiries.versionFor(credentials, PERMISSION, listRequest), PERMISSION);
            String current = EntityTags.of(listRequest, version);
            if (EntityTags.matches(ifNoneMatch.get(), current)) {
                response.status(Status.NOT_MODIFIED_304)
                        .header(HeaderNames.ETAG, current)
                        .header(CACHE_CONTROL)
                        .send();
                return;
            }
        }
        InquiryPage page = Authenticator.granted(inquiries.listFor(credentials, PERMISSION, listRequest), PERMISSION);
        response.status(Status.OK_200)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.ETAG, EntityTags.of(listRequest, page.version()))
                .header(CACHE_CONTROL)
                .send(JsonBodies.page(page));
    }
}
