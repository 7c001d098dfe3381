# Drives a command on a real pseudo-terminal (COLSxROWS) through a script and prints JSON with what it measured:
# for each "mark", the seconds since start and the bytes the program had written to the terminal by then; the
# program's peak resident memory (VmHWM from /proc, read just before the script's end); and its exit code.
# Script steps (JSON array): {"wait": TEXT, "timeout": S} waits until TEXT appears in output written after the previous
# step; {"send": TEXT} types; {"sleep": S}; {"mark": NAME}. After the last step the end keys are typed
# (PTY_END_KEYS, default q), then the program gets 10 s to exit. Python's pty module is used because Node has no pty without a native addon.
import fcntl, json, os, pty, re, select, signal, struct, sys, termios, time

cols, rows = int(sys.argv[1]), int(sys.argv[2])
script = json.loads(sys.argv[3])
argv = sys.argv[4:]

start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))

seen = bytearray()
since = 0  # where the next "wait" starts looking
closed = False
ansi = re.compile(rb'\x1b\[[0-9;?]*[A-Za-z]')


def pump(seconds):
    """Reads whatever the program writes for up to SECONDS."""
    global closed
    deadline = time.monotonic() + seconds
    while not closed:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        ready, _, _ = select.select([fd], [], [], min(left, 0.05))
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b''
        if not chunk:
            closed = True
            return
        seen.extend(chunk)


def peak_kb():
    try:
        with open('/proc/%d/status' % pid) as status:
            for line in status:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


result = {'marks': {}, 'peakKb': None, 'exitCode': None, 'error': None}
try:
    for step in script:
        if 'wait' in step:
            text = step['wait'].encode()
            deadline = time.monotonic() + step.get('timeout', 30)
            # Colour codes may sit between words of a line: look in the output with them removed.
            while text not in ansi.sub(b'', bytes(seen[since:])):
                if closed or time.monotonic() > deadline:
                    tail = ansi.sub(b'', bytes(seen[-2000:])).decode('utf-8', 'replace').split()
                    raise RuntimeError('did not see %r; the screen ended with: %s' % (step['wait'], ' '.join(tail)[-160:]))
                pump(0.05)
            since = len(seen)
        elif 'send' in step:
            os.write(fd, step['send'].encode())
            since = len(seen)
            pump(0.05)
        elif 'sleep' in step:
            pump(step['sleep'])
        elif 'mark' in step:
            pump(0)
            result['marks'][step['mark']] = {'seconds': time.monotonic() - start, 'bytes': len(seen)}
    result['peakKb'] = peak_kb()
    os.write(fd, os.environ.get('PTY_END_KEYS', 'q').encode())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pump(0.1)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            result['exitCode'] = os.waitstatus_to_exitcode(status)
            break
except Exception as error:  # the bench prints it instead of a number
    result['error'] = str(error)
    result['peakKb'] = peak_kb()
finally:
    if result['exitCode'] is None:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
# PTY_DUMP=FILE keeps every byte the program wrote, to see what a frame costs.
if os.environ.get('PTY_DUMP'):
    with open(os.environ['PTY_DUMP'], 'wb') as dump:
        dump.write(bytes(seen))
print(json.dumps(result))
