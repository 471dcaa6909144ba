"""Times commands in turns, for figures that are compared with each other.

    python3 interleave.py RUNS WARMUP COMMAND...

Runs each COMMAND (split like a shell line, no shell started; `env NAME=VALUE ...` sets
variables) WARMUP times untimed, then RUNS times timed, one of each per round, the order
reversed every other round so that none always follows the same one. Timing them in turns
rather than one after the other keeps the hour's drift out of their differences. Prints one
line per command, in the order given: "MEDIAN ms (MIN-MAX)" of wall time from spawn to exit.
Exits 1, naming the command, if any run fails.
"""
import shlex
import statistics
import subprocess
import sys
import time


def run(argv):
    start = time.perf_counter()
    status = subprocess.call(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit("interleave.py: exit %d from %s" % (status, shlex.join(argv)))
    return elapsed * 1e3


def main():
    runs, warmup = int(sys.argv[1]), int(sys.argv[2])
    commands = [shlex.split(c) for c in sys.argv[3:]]
    times = [[] for _ in commands]
    for round_number in range(warmup + runs):
        order = range(len(commands)) if round_number % 2 == 0 else reversed(range(len(commands)))
        for i in order:
            ms = run(commands[i])
            if round_number >= warmup:
                times[i].append(ms)
    for t in times:
        print("%.0f ms (%.0f-%.0f)" % (statistics.median(t), min(t), max(t)))


main()
