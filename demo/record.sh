#!/usr/bin/env bash
# Re-records demo/gotune.cast (asciinema, a Debian package: apt-get install asciinema) and renders demo/gotune.svg
# (svg-term-cli from npm, fetched by npx at a pinned version: only this script needs it). The demo (npm run demo)
# runs inside asciinema inside a private tmux server; this script is the typist, sending keys once the screen shows
# what it waits for, so a re-recording walks the same path. Steps that are not built yet are shown and passed.
set -euo pipefail
cd "$(dirname "$0")/.."

COLS=${COLS:-120}
ROWS=${ROWS:-40}
CAST=demo/gotune.cast
SVG=demo/gotune.svg
SOCKET="gotune-record-$$"

command -v asciinema >/dev/null || { echo 'record.sh: asciinema is not installed (apt-get install asciinema)' >&2; exit 1; }
command -v tmux >/dev/null || { echo 'record.sh: tmux is not installed (apt-get install tmux)' >&2; exit 1; }

npx tsup --silent
npx tsup demo/run-demo.ts --out-dir node_modules/.cache/gotune-demo --silent

t() { tmux -L "$SOCKET" -f /dev/null "$@"; }
trap 't kill-server 2>/dev/null || true' EXIT

screen() { t capture-pane -p -t rec; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT (a fixed string).
wait_for() {
	local deadline=$((SECONDS + ${2:-60}))
	until screen | grep -qF -- "$1"; do
		if ((SECONDS > deadline)); then
			echo "record.sh: timed out waiting for: $1" >&2
			screen >&2
			exit 1
		fi
		sleep 0.1
	done
}
shows() { screen | grep -qF -- "$1"; }
key() { for k in "$@"; do t send-keys -t rec "$k"; sleep 0.35; done; }
# Types like a person: one character at a time.
typed() { local i; for ((i = 0; i < ${#1}; i++)); do t send-keys -t rec -l -- "${1:i:1}"; sleep 0.08; done; }
pause() { sleep "$1"; }

# The recorded terminal: what a user's would be (no CI, colour on, UTF-8); the demo keeps the rest out of its sandbox.
t new-session -d -s rec -x "$COLS" -y "$ROWS" \
	"env -u CI -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 asciinema rec --overwrite -q -i 1.5 --cols $COLS --rows $ROWS \
	-t 'gotune: npm run demo' -c 'node node_modules/.cache/gotune-demo/run-demo.js' $CAST; tmux -L $SOCKET wait-for -S recorded; sleep 600"

# 1 Toolchain: the findings, scrolled.
wait_for 'Go commands found'
pause 2.5
key Down Down Down Down Down Down
pause 1.5
key Enter

# 2 Module: go mod init with a path typed and checked by go while typing, then go mod tidy through the loopback proxy.
wait_for 'Create go.mod in'
pause 1.5
key Enter
wait_for 'Module path:'
pause 1.5
# One key per read: a text field may not yet handle several backspaces arriving together.
for _ in $(seq 7); do t send-keys -t rec BSpace; sleep 0.2; done
typed 'example.net/filetop'
wait_for 'go mod init accepts this path'
pause 1
key Enter
wait_for 'y create go.mod'
pause 1.5
key y
wait_for 't run go mod tidy'
pause 1.5
key t
wait_for 'go.sum created'
pause 3
key Enter

# A step not built yet shows its page and is passed (the last one is left open).
not_built() {
	if shows "The $1 step is not built yet"; then
		pause 2
		[[ $1 == Verify ]] || key Enter
		return 0
	fi
	return 1
}

# 3 Proxy: every candidate probed at once (the two loopback mirrors answer; the public defaults cannot, offline), the
# recommended GOPROXY applied through the journal, then proved by a real download.
wait_for '[3 Proxy]'
pause 1
if ! not_built Proxy; then
	wait_for 'Probed' 60
	pause 3
	key Enter
	wait_for 'y apply and prove'
	pause 2
	key y
	wait_for 'Proof:' 60
	pause 3
	key Enter
fi

wait_for '[4 Cache]'
pause 1
# 4 Cache: both caches with size and filesystem. (In --sandbox mode the sandbox exports GOCACHE and GOMODCACHE, which
# beat go env -w, so the step explains why it cannot move them instead of moving them.)
if ! not_built Cache; then
	wait_for 'GOMODCACHE'
	pause 3
	key Enter
fi
wait_for '[5 Verify]'
pause 1
not_built Verify || pause 2

# The rollback log: undo everything this run changed.
key Tab Tab Tab
wait_for '❯ Rollback log'
pause 1.5
key U
wait_for 'Undo this run'
pause 1.5
key y
wait_for 'Undid'
pause 3
key q
t wait-for recorded

npx --yes svg-term-cli@2.1.1 --in "$CAST" --out "$SVG" --window --no-cursor --width "$COLS" --height "$ROWS"
echo "record.sh: wrote $CAST and $SVG"
