-- wrk script of the read workloads (bench/run.sh, bench/churn.sh): the URL and headers given on wrk's command
-- line, every request timed by bench/timing.lua (whose path is in BENCH_TIMING). One connection per thread.
dofile(assert(os.getenv("BENCH_TIMING"), "BENCH_TIMING: the path of bench/timing.lua"))

function init(args)
    text = wrk.format()
end

function request()
    return timed(text)
end
