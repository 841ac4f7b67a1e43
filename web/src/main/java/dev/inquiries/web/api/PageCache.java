package dev.inquiries.web.api;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The bodies of list pages as last rendered, each with the queue version it was read at. A version grows with every
 * change that could alter a page (the ETag is made of it), so a body whose version equals the one just read is what
 * reading the page again would give: the request is answered without reading the rows, which spares the database
 * the walk over rows that churn left dead and a long report keeps from cleanup. Concurrent requests that find the
 * same page missing read it once and share the result. At most {@code capacity} pages are kept; when it is reached,
 * all are dropped (a desk's pages are few: a handful per signed-in user). A capacity of 0 keeps none.
 *
 * @param <K> what identifies a page (the queue, the caller, the request)
 */
final class PageCache<K> {

    private final int capacity;
    private final Map<K, Entry> entries = new ConcurrentHashMap<>();

    PageCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("A cache holds 0 or more pages, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** A body (never changed once made), the version of the queue it shows, and its entity tag. */
    record Page(long version, byte[] body, String tag) {

        Page {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * The page kept for {@code key} if it was read at {@code version} and its read is done, else {@code null}: a
     * look-up that neither reads nor waits, so that an unchanged page costs no more than that.
     */
    Page kept(K key, long version) {
        Entry entry = capacity == 0 ? null : entries.get(key);
        if (entry == null || entry.version != version || !entry.page.isDone() || entry.page.isCompletedExceptionally()) {
            return null;
        }
        return entry.page.getNow(null);
    }

    /**
     * The page at {@code version}: the kept one when it was read at that version, otherwise (or when one being read
     * for an older version is still on its way) {@code read}'s, which is kept for the next request. {@code read} may
     * return a newer version than asked for (a change committed in between); it is kept under that one.
     *
     * @throws RuntimeException what {@code read} threw (the waiting requests get it too; nothing is kept)
     */
    Page page(K key, long version, Supplier<Page> read) {
        if (capacity == 0) {
            return read.get();
        }
        Entry mine = new Entry(version);
        Entry entry = entries.compute(key, (k, kept) -> kept != null && kept.version >= version ? kept : mine);
        if (entry != mine) {
            try {
                return entry.page.join();
            } catch (CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
            }
        }
        if (entries.size() > capacity) {
            entries.keySet().removeIf(other -> !other.equals(key));
        }
        try {
            Page page = read.get();
            entries.computeIfPresent(key, (k, kept) -> kept == mine ? new Entry(page) : kept);
            mine.page.complete(page);
            return page;
        } catch (RuntimeException failure) {
            entries.remove(key, mine);
            mine.page.completeExceptionally(failure);
            throw failure;
        }
    }

    /** How many pages are kept or being read. */
    int size() {
        return entries.size();
    }

    /** A page read, or being read, for a version: waiters join its future. */
    private static final class Entry {

        private final long version;
        private final CompletableFuture<Page> page;

        private Entry(long version) {
            this.version = version;
            this.page = new CompletableFuture<>();
        }

        private Entry(Page page) {
            this.version = page.version();
            this.page = CompletableFuture.completedFuture(page);
        }
    }
}
