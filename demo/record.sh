#!/usr/bin/env bash
# Re-records demo/gotune.cast (asciinema, a Debian package: apt-get install asciinema) and renders demo/gotune.svg
# (svg-term-cli from npm, fetched by npx at a pinned version: only this script needs it). The demo (npm run demo)
# runs inside asciinema inside a private tmux server; this script is the typist, sending keys once the screen shows
# what it waits for, so a re-recording walks the same path: the five steps, then the undo of the whole run from the
# rollback log panel.
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
# asciinema keeps an install id in its config directory: a throwaway one, so recording leaves nothing in your home.
ASCIINEMA_HOME=$(mktemp -d)
trap 't kill-server 2>/dev/null || true; rm -rf "$ASCIINEMA_HOME"' EXIT

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
# wait_gone TEXT [SECONDS]: until the screen no longer shows TEXT (work still filling in, such as a cache's size).
wait_gone() {
	local deadline=$((SECONDS + ${2:-60}))
	while screen | grep -qF -- "$1"; do
		if ((SECONDS > deadline)); then
			echo "record.sh: timed out waiting for this to go: $1" >&2
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
# The idle limit (-i) is above the longest pause below: the wizard sends only the lines that change, so a screen left
# to be read is silence in the cast, and a lower limit would cut those pauses short. Long work (probes, builds)
# animates a spinner, which is output, so the limit never shortens it: it only caps a stall.
t new-session -d -s rec -x "$COLS" -y "$ROWS" \
	"env -u CI -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 ASCIINEMA_CONFIG_HOME=$ASCIINEMA_HOME asciinema rec --overwrite -q -i 5 --cols $COLS --rows $ROWS \
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

# 3 Proxy: both loopback mirrors probed at once (the slow one is first in GOPROXY), the composed GOPROXY with the
# faster one first and Go's rules spelled out, applied through the journal, then proved by a real download.
wait_for '[3 Proxy]'
wait_for 'Probed' 60
wait_for 'review & apply'
pause 4
key Enter
wait_for 'y apply and prove'
pause 2.5
key y
wait_for 'Proof:' 60
pause 3.5
key Enter

# 4 Cache: both caches with their sizes, then GOCACHE moved. m is ignored while the sizes are still being counted
# (nothing queues it), so the counts are waited for first; the overview shows as soon as go env has located both.
wait_for '[4 Cache]'
wait_for 'm move'
wait_gone 'counting…'
pause 3
key m
wait_for 'Move GOCACHE to'
# The step offers only targets inside the sandbox: there, go's default location is where GOCACHE already is and
# every other filesystem is outside, so the list holds just "type a path…". A path in the sandbox is typed instead,
# read from the header (mkdtemp names it). Same filesystem, so the move is one rename (no copy, no progress bars).
wait_for 'type a path…'
sandbox=$(screen | awk '$1 == "SANDBOX" {print $2; exit}')
[[ -n $sandbox ]] || { echo 'record.sh: no SANDBOX path in the header' >&2; screen >&2; exit 1; }
pause 1.5
key p
wait_for 'New GOCACHE:'
typed "$sandbox/data/go-build"
wait_for 'same filesystem: one rename'
pause 1.5
key Enter
wait_for 'y move'
pause 3
key y
wait_for 'Moved GOCACHE to'
pause 3.5
key Enter
# Back in the overview: GOCACHE's new place, set in the GOENV file, counted again.
wait_for 'm move'
wait_gone 'counting…'
pause 2
key Enter

# 5 Verify: one run of each kind (cold, warm, incremental) of a temporary copy of the project, with the settings of
# this run and without them; the build timing and hit-rate panels fill with real numbers.
wait_for '[5 Verify]'
wait_for 'm measure'
pause 2
key -
wait_for '2 runs of each'
key -
wait_for '1 run of each'
pause 1
key m
# The cold build compiles whatever the standard library needs: minutes with a new Go on a slow machine.
wait_for 'measure again' 600
pause 5

# The rollback log: undo everything this run changed. Tab goes through the build timing and hit-rate panels first.
for panel in 'Build timing' 'Hit rates' 'Rollback log'; do
	key Tab
	wait_for "❯ $panel"
done
pause 1.5
key U
wait_for 'Undo this run'
pause 2
key y
wait_for 'Undid'
pause 4
key q
# Nothing this run applied is left after the undo, so gotune asks nothing on the way out; were something left, it
# would offer to save it as a team profile: no. The demo's own last line says the sandbox is gone.
deadline=$((SECONDS + 60))
until shows 'sandbox removed'; do
	if shows 'as a team profile'; then
		typed n
		key Enter
	fi
	if ((SECONDS > deadline)); then
		echo 'record.sh: timed out waiting for the demo to end' >&2
		screen >&2
		exit 1
	fi
	sleep 0.1
done
t wait-for recorded

npx --yes svg-term-cli@2.1.1 --in "$CAST" --out "$SVG" --window --no-cursor --width "$COLS" --height "$ROWS"
echo "record.sh: wrote $CAST and $SVG"
