// Package synth generates plausible access logs: a steady background of traffic,
// a few hot paths, bots, and an optional burst of server errors.
package synth

import (
	"fmt"
	"io"
	"math/rand"
	"time"

	"example.com/gotune-demo/internal/clock"
)

// Config shapes the generated traffic.
type Config struct {
	Lines int
	Seed  int64
	Start time.Time
	// Every is the mean gap between requests.
	Every time.Duration
	// Burst, when positive, adds that many failing requests in one minute halfway through.
	Burst int
}

var (
	paths   = []string{"/", "/api/orders", "/api/orders", "/api/orders", "/api/users", "/static/app.js", "/static/app.css", "/login", "/health", "/robots.txt"}
	methods = []string{"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"}
	agents  = []string{
		"Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1.15",
		"curl/8.5.0",
		"Go-http-client/1.1",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	}
)

// Write emits cfg.Lines log lines to w.
func Write(w io.Writer, cfg Config) error {
	rng := rand.New(rand.NewSource(cfg.Seed))
	t := cfg.Start
	half := cfg.Lines / 2
	for i := 0; i < cfg.Lines; i++ {
		t = t.Add(time.Duration(rng.ExpFloat64() * float64(cfg.Every)))
		if err := line(w, rng, t, false); err != nil {
			return err
		}
		if i == half {
			for j := 0; j < cfg.Burst; j++ {
				if err := line(w, rng, t.Add(time.Duration(j)*time.Second/time.Duration(cfg.Burst+1)), true); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func line(w io.Writer, rng *rand.Rand, t time.Time, failing bool) error {
	status := pickStatus(rng)
	if failing {
		status = 503
	}
	latency := 0.002 + rng.ExpFloat64()*0.04
	if failing {
		latency = 1 + rng.Float64()
	}
	client := fmt.Sprintf("%d.%d.%d.%d", []int{203, 198, 192, 10}[rng.Intn(4)], rng.Intn(256), rng.Intn(4), 1+rng.Intn(254))
	_, err := fmt.Fprintf(w, "%s - - [%s] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\" %.3f\n",
		client, clock.Format(t), methods[rng.Intn(len(methods))], paths[rng.Intn(len(paths))], status, rng.Intn(20000), agents[rng.Intn(len(agents))], latency)
	return err
}

func pickStatus(rng *rand.Rand) int {
	switch r := rng.Intn(100); {
	case r < 85:
		return 200
	case r < 90:
		return 304
	case r < 97:
		return 404
	default:
		return 500
	}
}
