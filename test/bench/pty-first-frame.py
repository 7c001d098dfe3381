# Spawns a command on a real pseudo-terminal (100x30) and prints the seconds until MARKER appears on its screen, and the
# CPU seconds the program had used by then, all threads (far less sensitive to other load on the machine than the wall
# time). The program is killed as soon as the marker is seen and its CPU time read from wait4's rusage, to the
# microsecond (/proc's counters move in 10 ms ticks, too coarse for a ~100 ms start).
# Python's pty module is used because Node has no pty without a native addon.
import fcntl, os, pty, select, struct, sys, termios, time

marker = sys.argv[1].encode()
argv = sys.argv[2:]
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))
seen = b''
elapsed = None
deadline = start + 20
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    if marker in seen:
        elapsed = time.monotonic() - start
        break
os.kill(pid, 9)
_, _, usage = os.wait4(pid, 0)
cpu = usage.ru_utime + usage.ru_stime
if elapsed is None:
    sys.stderr.write('marker not seen; screen was: %r\n' % seen[-400:])
    sys.exit(1)
print('%.6f %.6f' % (elapsed, cpu))
