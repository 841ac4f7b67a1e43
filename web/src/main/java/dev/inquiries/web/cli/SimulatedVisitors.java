package dev.inquiries.web.cli;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.visitor.ConfigRequest;
import dev.inquiries.domain.visitor.RoomRequest;
import dev.inquiries.domain.visitor.VisitorRegistration;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.chat.ChatIntake;
import dev.inquiries.persistence.chat.OpenedRoom;
import dev.inquiries.persistence.chat.Room;
import dev.inquiries.persistence.chat.VisitorRepository;
import dev.inquiries.persistence.chat.WidgetConfig;
import dev.inquiries.web.Settings;

/**
 * The visitors of {@code serve --demo} ({@code demo.visitors.every}), so that the queue page shows chats arriving and
 * leaving: every period one visitor registers and opens a chat in a random department a visitor may choose, through
 * the same {@link VisitorRepository} and {@link ChatIntake} as {@code livechat/visitor} and {@code livechat/room} (not
 * over HTTP, where the per-address limit would refuse them). About one in four gives up if nobody took its chat after
 * a few periods ({@code livechat/room.close}'s {@link ChatIntake#closeByVisitor}); once {@link #MOST_WAITING} of them
 * wait, the one waiting longest gives up too, so the demo's queue does not grow without end. One task on one thread;
 * a refusal (no agent on duty, a full queue) or any other failure is logged at FINE and the next period tries again.
 */
final class SimulatedVisitors implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SimulatedVisitors.class.getName());

    private static final List<String> NAMES = List.of(
            "Lena Fischer", "Yusuf Demir", "Mei Andersen", "Tomás Silva", "Aisha Khan", "Jonas Weber", "Priya Nair",
            "Oliver Brown", "Sofia Rossi", "Kenji Sato", "Amara Okafor", "Lucas Martin", "Ingrid Berg", "Mateo García",
            "Hannah Cohen", "Noah Dubois");
    /** About one visitor in this many gives up waiting. */
    private static final int GIVES_UP_ONE_IN = 4;
    /** The fewest periods a visitor who gives up waits first: 20 s at the default period of 5 s. */
    private static final int PATIENCE_LEAST = 4;
    /** The most periods it waits: 90 s at the default period. */
    private static final int PATIENCE_MOST = 18;
    /** Simulated chats waiting at once, at most: at this many, the one waiting longest gives up before the next arrives. */
    static final int MOST_WAITING = 50;
    /** How long stopping waits for a period that is running to end (its statements are bound by the statement timeout). */
    private static final long STOP_WAIT_SECONDS = 10;

    private final VisitorRepository visitors;
    private final ChatIntake intake;
    private final Duration every;
    private final Clock clock;
    private final Random random = new Random();
    /** The simulated chats that may still wait, oldest first; only the task's thread touches it. */
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("demo-visitors").daemon().factory());

    /** A simulated visitor's chat, and when the visitor gives up if it is still queued then (never, when empty). */
    private record Waiting(String token, String rid, Optional<Instant> givesUpAt) {
    }

    private SimulatedVisitors(Database database, Settings settings, Clock clock) {
        this.visitors = new VisitorRepository(database);
        this.intake = new ChatIntake(database, settings.intake().acceptWithoutAgents(), settings.visitors().queueCap());
        this.every = settings.demo().visitorsEvery();
        this.clock = clock;
    }

    /** Starts the visitors, the first one period from now; the settings' period must be positive. */
    static SimulatedVisitors start(Database database, Settings settings) {
        SimulatedVisitors simulated = new SimulatedVisitors(database, settings, Clock.systemUTC());
        long periodNanos = simulated.every.toNanos();
        simulated.scheduler.scheduleWithFixedDelay(simulated::period, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        return simulated;
    }

    /** The line {@code serve --demo} prints about them. */
    static String startLine(Settings.DemoSettings demo) {
        return demo.visitorsArrive()
                ? "Simulated visitors arrive every " + shortly(demo.visitorsEvery()) + " (DEMO_VISITORS_EVERY=0 turns it off)"
                : "No simulated visitors (DEMO_VISITORS_EVERY=PT5S brings them)";
    }

    /** {@code 5s}, {@code 1m30s}, {@code 200ms}: a period as a person writes it. */
    static String shortly(Duration period) {
        if (period.toMillisPart() != 0 || period.isZero()) {
            return period.toMillis() + "ms";
        }
        return period.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /**
     * Stops them: no period starts after this, and one that is running ends first, so that nothing of theirs uses the
     * pool after it closes. Called before the server stops.
     */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
                LOG.log(Level.INFO, "The simulated visitors did not finish a period within " + STOP_WAIT_SECONDS
                        + " s; interrupted");
            }
        } catch (InterruptedException interrupted) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One period: who is due gives up, then one visitor arrives. Never throws, which would end the task. */
    private void period() {
        try {
            giveUpWhenDue();
            while (waiting.size() >= MOST_WAITING) {
                giveUp(waiting.removeFirst());
            }
            arrive();
        } catch (RuntimeException failure) {
            LOG.log(Level.DEBUG, "A simulated visitor's period failed; the next one tries again", failure);
        }
    }

    private void giveUpWhenDue() {
        Instant now = clock.instant();
        for (Iterator<Waiting> each = waiting.iterator(); each.hasNext();) {
            Waiting chat = each.next();
            if (chat.givesUpAt().isPresent() && !chat.givesUpAt().get().isAfter(now)) {
                each.remove();
                giveUp(chat);
            }
        }
    }

    /** The visitor closes its chat if it is still queued: one an agent took is the agent's to close. */
    private void giveUp(Waiting chat) {
        try {
            WidgetConfig config = intake.config(new ConfigRequest(Optional.of(chat.token()), Optional.empty(),
                    Optional.empty()));
            Optional<Room> room = config.room().filter(open -> open.rid().equals(chat.rid()));
            if (room.isPresent() && room.get().servedBy().isEmpty()) {
                intake.closeByVisitor(chat.token(), chat.rid());
                LOG.log(Level.DEBUG, "A simulated visitor gave up waiting: " + room.get().fname());
            }
        } catch (Refusal refused) {
            // Closed in between (by an agent, say): nothing to give up.
            LOG.log(Level.DEBUG, "A simulated visitor could not give up: " + refused.error());
        }
    }

    private void arrive() {
        List<WidgetConfig.Department> departments = intake.config(
                new ConfigRequest(Optional.empty(), Optional.empty(), Optional.empty())).departments();
        Optional<String> department = departments.isEmpty() ? Optional.empty()
                : Optional.of(departments.get(random.nextInt(departments.size())).id());
        String name = NAMES.get(random.nextInt(NAMES.size()));
        String token = "demo-visitor-" + RandomIds.next();
        String email = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", ".") + "@example.com";
        try {
            visitors.register(new VisitorRegistration(token, Optional.of(name), Optional.of(email), department,
                    Optional.empty(), Optional.empty()));
            OpenedRoom opened = intake.open(new RoomRequest(token, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            Optional<Instant> givesUpAt = random.nextInt(GIVES_UP_ONE_IN) == 0
                    ? Optional.of(clock.instant().plus(every.multipliedBy(
                            PATIENCE_LEAST + random.nextInt(PATIENCE_MOST - PATIENCE_LEAST + 1))))
                    : Optional.empty();
            waiting.addLast(new Waiting(token, opened.room().rid(), givesUpAt));
        } catch (Refusal refused) {
            LOG.log(Level.DEBUG, "A simulated visitor was refused: " + refused.error());
        }
    }
}
