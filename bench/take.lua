-- wrk script of the take workloads (bench/run.sh): every wrk thread is one agent on one connection, taking
-- its own queued inquiries one after another, ids "<prefix><n>" for n = 1, 2, ...
-- TAKE_AGENTS names a file of lines "userId authToken prefix", one per thread, in thread order. Every take is
-- timed by bench/timing.lua (whose path is in BENCH_TIMING; its setup() gives each thread its index).
dofile(assert(os.getenv("BENCH_TIMING"), "BENCH_TIMING: the path of bench/timing.lua"))

function init(args)
    local line = 0
    for text in io.lines(os.getenv("TAKE_AGENTS")) do
        if line == index then
            user_id, token, prefix = text:match("^(%S+) (%S+) (%S+)$")
        end
        line = line + 1
    end
    taken = 0
end

function request()
    taken = taken + 1
    return timed(wrk.format("POST", "/api/v1/livechat/inquiries.take",
        {["X-User-Id"] = user_id, ["X-Auth-Token"] = token, ["Content-Type"] = "application/json"},
        '{"inquiryId":"' .. prefix .. taken .. '"}'))
end
