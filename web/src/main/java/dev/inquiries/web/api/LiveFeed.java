package dev.inquiries.web.api;

import dev.inquiries.persistence.queue.ChangeFollower;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * Starts the instance's one {@link ChangeFollower} with the server (after the migrations, which run before the
 * server starts) and closes it when the server has stopped. Its streams are ended earlier, when stopping begins.
 */
public final class LiveFeed implements HttpFeature {

    private final ChangeFollower follower;

    public LiveFeed(ChangeFollower follower) {
        this.follower = follower;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        // No routes of its own: the streams that read the follower have theirs.
    }

    @Override
    public void beforeStart() {
        follower.start();
    }

    @Override
    public void afterStop() {
        follower.close();
    }
}
