package dev.inquiries.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.inquiries.web.observe.RequestIds;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.DirectHandler.TransportRequest;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.ServerRequestHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Helidon's record of a failure before routing becomes ours: a hung-up client one FINE line, a bug one SEVERE. */
class ConnectionFailureLogTest {

    private static final Logger HELIDON = Logger.getLogger("io.helidon.webserver.http1.Http1Connection");
    private static final Logger OURS = Logger.getLogger(ErrorResponses.class.getName());

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level oursBefore;

    @BeforeEach
    void capture() {
        ConnectionFailureLog.install();
        oursBefore = OURS.getLevel();
        OURS.setLevel(Level.FINE);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
        OURS.setLevel(oursBefore);
    }

    @Test
    void logsAClientThatHungUpMidHeadersAsOneFineLineWithoutAStackTrace() {
        helidonLogs(new DataReader.InsufficientDataAvailableException());

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.FINE);
            assertThat(record.getLoggerName()).isEqualTo(OURS.getName());
            assertThat(record.getMessage()).isEqualTo("request id-1: the client hung up before its headers ended");
            assertThat(record.getThrown()).isNull();
        });
    }

    @Test
    void logsAnyOtherFailureBeforeRoutingOnceAtSevereWithItsCauseAndTheRequestId() {
        IllegalStateException bug = new IllegalStateException("a bug in header parsing");

        helidonLogs(bug);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).isEqualTo("request id-1 failed before routing: INTERNAL_ERROR");
            assertThat(record.getThrown().getCause()).isSameAs(bug);
        });
    }

    @Test
    void passesEveryOtherRecordOfHelidonsLoggerUnchanged() {
        HELIDON.log(Level.WARNING, "something Helidon says");
        RequestException withRequest = RequestException.builder().message("Failed to wait for pipeline")
                .type(EventType.INTERNAL_ERROR).request(new KnownRequest()).build();
        HELIDON.log(Level.WARNING, "Internal server error", withRequest);

        assertThat(records).extracting(LogRecord::getLoggerName).containsExactly(HELIDON.getName(), HELIDON.getName());
    }

    /** A request Helidon had read before it failed. */
    private record KnownRequest() implements TransportRequest {

        @Override
        public String protocolVersion() {
            return "1.1";
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/x";
        }

        @Override
        public ServerRequestHeaders headers() {
            return ServerRequestHeaders.create();
        }
    }

    /** What Helidon logs after its catch-all answered a failure with 500 (ErrorResponses set the request id). */
    private static void helidonLogs(Throwable cause) {
        RequestException failure = RequestException.builder().message("Internal error").type(EventType.INTERNAL_ERROR)
                .cause(cause).build();
        failure.responseHeaders().set(HeaderValues.create(RequestIds.HEADER, "id-1"));
        HELIDON.log(Level.WARNING, "Internal server error", failure);
    }
}
