#!/usr/bin/env python3
"""Bytes a program writes to its terminal per key, measured under a real
pseudo-terminal (what an SSH session carries).

    ptybench.py [--cols 120 --rows 40] [--ready TEXT] [--keys j,pgdown] -- COMMAND...

Starts COMMAND in a pty of COLS x ROWS, waits until TEXT appears and the
output settles, then presses each key REPEAT times (waiting for output to
settle after each) and prints the median and mean bytes written per press.
"""
import argparse, fcntl, os, pty, select, statistics, struct, subprocess, sys, termios, time

KEYS = {"j": b"j", "k": b"k", "down": b"\x1b[B", "up": b"\x1b[A", "pgdown": b"\x1b[6~", "pgup": b"\x1b[5~", "q": b"q"}

def drain(fd, quiet=0.15, limit=10.0):
    """Read until nothing arrives for `quiet` seconds; return the bytes."""
    out = bytearray()
    end = time.time() + limit
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    return bytes(out)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--ready", default="")
    ap.add_argument("--keys", default="j,pgdown")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--term", default=os.environ.get("TERM", "xterm-256color"))
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", a.rows, a.cols, 0, 0))
    env = dict(os.environ, TERM=a.term)
    p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = bytearray()
    deadline = time.time() + 60
    while time.time() < deadline:
        seen += drain(master, quiet=0.5)
        if a.ready.encode() in seen:
            break
    else:
        sys.exit("never ready: " + seen[-400:].decode(errors="replace"))
    drain(master, quiet=1.0)
    for name in a.keys.split(","):
        sizes = []
        for _ in range(a.repeat):
            os.write(master, KEYS[name])
            sizes.append(len(drain(master)))
        print(f"{name:7s} median {statistics.median(sizes):7.0f} B  mean {statistics.mean(sizes):7.1f} B  ({a.repeat} presses, {a.cols}x{a.rows}, TERM={a.term})")
        # back to the top, so each key starts from the same place
        for _ in range(a.repeat):
            os.write(master, KEYS["pgup"] if name == "pgdown" else KEYS["k"])
            drain(master, quiet=0.05)
    os.write(master, b"q")
    time.sleep(0.3)
    p.kill()

main()
