# Runs a command and prints its wall seconds and the CPU seconds of it and every process it waited for (wait4's
# rusage includes reaped children, so the go commands gotune runs are counted), to the microsecond. The command's
# stdout goes to the file TIMED_STDOUT names, else nowhere.
import os, sys, time

start = time.monotonic()
pid = os.fork()
if pid == 0:
    out = os.open(os.environ.get('TIMED_STDOUT', os.devnull), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
elapsed = time.monotonic() - start
code = os.waitstatus_to_exitcode(status)
print('%.6f %.6f %d' % (elapsed, usage.ru_utime + usage.ru_stime, code))
