-- Every request's latency as the client saw it, for the wrk runs of bench/run.sh: loaded by bench/read.lua and
-- bench/take.lua (dofile of $BENCH_TIMING), which call timed(request) in their request().
--
-- Why not wrk's own percentiles: wrk 4 "corrects" its histogram for coordinated omission before it prints it
-- (stats_correct: for a request slower than twice the mean interval per connection it adds made-up samples at
-- every multiple of that interval), so one stall of 100 ms among 1 ms requests weighs as a hundred slow
-- requests, and its mean times its request count exceeds the connections' whole time. That is what an open
-- loop sending at the mean rate would have seen, not the share of the requests sent. This script records each
-- request's own time from just before wrk writes it to the end of its response (CLOCK_MONOTONIC through
-- LuaJIT's FFI) and prints their percentiles in one line that bench/run.sh reads:
--   timing: count=N mean_ms=... p50_ms=... p90_ms=... p99_ms=... max_ms=... busy=...
-- busy is the requests' summed time over (threads x duration): at most 1 for a closed loop, the check that
-- the pairing held. It needs one connection per wrk thread (-t equal to -c): request() and response() of one
-- thread then alternate for its one connection.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_us()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
    return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local threads = {}

function setup(thread)
    thread:set("index", #threads)  -- 0, 1, ...: the thread's place, for a script that gives each its own work
    threads[#threads + 1] = thread
end

samples = {}      -- this thread's latencies in microseconds, in order
local sent = nil  -- when this thread's one outstanding request was handed to wrk

function timed(request)
    sent = now_us()
    return request
end

function response(status, headers, body)
    if sent ~= nil then
        samples[#samples + 1] = now_us() - sent
        sent = nil
    end
end

local function percentile(sorted, p)
    if #sorted == 0 then return 0 end
    local rank = math.ceil(p / 100 * #sorted)
    if rank < 1 then rank = 1 end
    return sorted[rank]
end

function done(summary, latency, requests)
    local all, sum = {}, 0
    for _, thread in ipairs(threads) do
        for _, value in ipairs(thread:get("samples")) do
            all[#all + 1] = value
            sum = sum + value
        end
    end
    table.sort(all)
    local mean = #all > 0 and sum / #all or 0
    io.write(string.format(
        "timing: count=%d mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f busy=%.3f\n",
        #all, mean / 1000, percentile(all, 50) / 1000, percentile(all, 90) / 1000, percentile(all, 99) / 1000,
        (all[#all] or 0) / 1000, sum / (#threads * summary.duration)))
end
