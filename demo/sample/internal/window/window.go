// Package window counts events per fixed time interval, keeping empty intervals so
// rates can be compared.
package window

import (
	"sort"
	"time"

	"example.com/gotune-demo/internal/clock"
)

// Series counts events in consecutive buckets of one width.
type Series struct {
	Every  time.Duration
	counts map[int64]int
}

// New makes an empty series with buckets of width every.
func New(every time.Duration) *Series {
	if every <= 0 {
		every = time.Minute
	}
	return &Series{Every: every, counts: make(map[int64]int)}
}

// Add counts one event at t.
func (s *Series) Add(t time.Time) {
	s.counts[clock.Bucket(t, s.Every).Unix()]++
}

// Point is one bucket.
type Point struct {
	Start time.Time
	Count int
}

// Points returns every bucket from the first to the last event, empty ones included.
func (s *Series) Points() []Point {
	if len(s.counts) == 0 {
		return nil
	}
	keys := make([]int64, 0, len(s.counts))
	for k := range s.counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	step := int64(s.Every / time.Second)
	if step < 1 {
		step = 1
	}
	var out []Point
	for k := keys[0]; k <= keys[len(keys)-1]; k += step {
		out = append(out, Point{Start: time.Unix(k, 0).UTC(), Count: s.counts[k]})
	}
	return out
}
