package dev.inquiries.web.api;

import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.Sha256;
import dev.inquiries.domain.SortDirection;

/**
 * Strong entity tags for list responses: a digest of everything a page depends on (the request's filter,
 * page and order, which queue and whose (what a caller sees depends on who it is), and the queue's version), so a tag
 * changes whenever the page could, and equal tags mean equal bodies.
 */
final class EntityTags {

    /** Bump when the body's format changes, so that no client keeps a page of the old format. */
    private static final String FORMAT = "inquiries.list/1";

    private EntityTags() {
    }

    /** The tag of the page a request gets at a queue version, quoted as the header carries it. */
    static String of(String queue, String caller, InquiryListRequest request, long version) {
        String canonical = String.join("\n",
                FORMAT,
                "queue=" + queue,
                "caller=" + caller.length() + ":" + caller,
                request.department().map(department -> "department=" + department.length() + ":" + department).orElse("all"),
                "offset=" + request.page().offset(),
                "limit=" + (request.page().limit().isPresent() ? String.valueOf(request.page().limit().getAsLong()) : "all"),
                "sort=" + request.sort().keysWithTieBreaker().stream()
                        .map(key -> key.field().wireName() + (key.direction() == SortDirection.ASCENDING ? ":1" : ":-1"))
                        .collect(Collectors.joining(",")),
                "version=" + version);
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest(canonical)) + '"';
    }

    /**
     * Whether an {@code If-None-Match} header names the current tag. It may list several tags, separated
     * by commas, or {@code *}; as HTTP prescribes for this header, weak tags compare by their opaque part.
     */
    static boolean matches(String ifNoneMatch, String current) {
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(current));
    }

    private static byte[] digest(String text) {
        return Arrays.copyOf(Sha256.bytes(text), 16);
    }
}
