#!/usr/bin/env python3
"""Server-side latency of the churn benchmark's reads, from the service's access log.

usage: server-latency.py WINDOWS SERVICE_LOG

WINDOWS has one line per measurement: phase, workload, start and end (local time, as the log writes it,
YYYY-MM-DDTHH:MM:SS.mmm), tab-separated. The access log gives each request's own time in the service (from its
arrival to its response, Helidon's AccessLog); wrk's percentiles add what happens outside it: the kernel, the
client and the wait for a CPU. Prints a Markdown table: each workload's server-side p50 and p99 per phase, and
the ratio of its p99 during the churn to idle.
"""
import re
import sys

LINE = re.compile(r'^(\S+) INFO io\.helidon\.webserver\.AccessLog\S*: \S+ "\w+ \S+ [^"]*" \d+ \S+ ([0-9.]+)ms')


def percentile(values, fraction):
    return values[min(len(values) - 1, int(len(values) * fraction))] if values else float('nan')


def main(windows_file, log_file):
    windows = [line.rstrip('\n').split('\t') for line in open(windows_file) if line.strip()]
    times = {(phase, name): [] for phase, name, _, _ in windows}
    for line in open(log_file, errors='replace'):
        match = LINE.match(line)
        if not match:
            continue
        at = match.group(1)
        for phase, name, start, end in windows:
            if start <= at <= end:
                times[(phase, name)].append(float(match.group(2)))
                break
    phases = list(dict.fromkeys(phase for phase, _, _, _ in windows))
    names = list(dict.fromkeys(name for _, name, _, _ in windows))
    print('| Workload | ' + ' | '.join(f'{phase} p50 / p99 ms' for phase in phases) + ' | during p99 (× idle) |')
    print('|---|' + '---:|' * (len(phases) + 1))
    for name in names:
        cells, p99 = [], {}
        for phase in phases:
            values = sorted(times.get((phase, name), []))
            p99[phase] = percentile(values, 0.99)
            cells.append(f'{percentile(values, 0.5):.2f} / {p99[phase]:.2f}' if values else '-')
        ratio = p99.get('during', float('nan')) / p99.get('idle', float('nan'))
        print(f'| {name} | ' + ' | '.join(cells) + f' | {ratio:.2f} |')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
