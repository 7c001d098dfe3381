// Command loggen writes a synthetic access log, the same one for the same -seed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"time"

	"example.com/gotune-demo/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of requests")
	seed := flag.Int64("seed", 1, "random seed (same seed, same log)")
	start := flag.String("start", "2026-11-24T10:00:00Z", "time of the first request (RFC 3339)")
	every := flag.Duration("every", 200*time.Millisecond, "mean gap between requests")
	burst := flag.Int("burst", 0, "add this many failing requests in one minute halfway through")
	flag.Parse()

	t, err := time.Parse(time.RFC3339, *start)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loggen: -start %q: %v\n", *start, err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	if err := synth.Write(w, synth.Config{Lines: *n, Seed: *seed, Start: t, Every: *every, Burst: *burst}); err != nil {
		fmt.Fprintln(os.Stderr, "loggen:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "loggen:", err)
		os.Exit(1)
	}
}
