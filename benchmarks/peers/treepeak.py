#!/usr/bin/env python3
"""treepeak.py OUT CMD...: run CMD, sampling every 0.1 s the resident
memory of it and all its descendants together (rota's solver worker
processes); write the largest sum, in KiB, to OUT. Exits with CMD's code.
SIGTERM and SIGINT are passed on to CMD (peers.sh's timeout sends them
here). A spike shorter than the interval can be missed."""
import os
import signal
import subprocess
import sys
import time


def tree_rss_kib(root):
    children = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(pid))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
        stack += children.get(pid, [])
    return total


def main():
    out, cmd = sys.argv[1], sys.argv[2:]
    proc = subprocess.Popen(cmd)
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, lambda signum, frame: proc.send_signal(signum))
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kib(proc.pid))
        time.sleep(0.1)
    with open(out, "w") as f:
        f.write("%d\n" % peak)
    sys.exit(proc.returncode if proc.returncode >= 0 else 128 - proc.returncode)


if __name__ == "__main__":
    main()
