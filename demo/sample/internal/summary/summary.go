// Package summary aggregates access-log entries into the numbers loglens reports.
package summary

import (
	"time"

	"example.com/gotune-demo/internal/clock"
	"example.com/gotune-demo/internal/histogram"
	"example.com/gotune-demo/internal/ipv4"
	"example.com/gotune-demo/internal/record"
	"example.com/gotune-demo/internal/stats"
	"example.com/gotune-demo/internal/topk"
	"example.com/gotune-demo/internal/useragent"
	"example.com/gotune-demo/internal/window"
)

// Summary accumulates entries; the zero value is not usable, call New.
type Summary struct {
	Requests   int
	Bytes      int64
	ByClass    [6]int
	Span       clock.Span
	Paths      *topk.Counter
	Networks   *topk.Counter
	Agents     *topk.Counter
	Latency    *stats.Sample
	Histogram  *histogram.Histogram
	PerMinute  *window.Series
	timedCount int
}

// New returns an empty summary.
func New() *Summary {
	return &Summary{
		Paths:     topk.New(),
		Networks:  topk.New(),
		Agents:    topk.New(),
		Latency:   &stats.Sample{},
		Histogram: histogram.New(5*time.Millisecond, 8),
		PerMinute: window.New(time.Minute),
	}
}

// Add folds one entry into the summary.
func (s *Summary) Add(e record.Entry) {
	s.Requests++
	s.Bytes += e.Bytes
	s.ByClass[e.Class()]++
	s.Span.Add(e.Time)
	s.Paths.Add(e.Path)
	s.Networks.Add(ipv4.Network(e.Client, 24))
	s.Agents.Add(string(useragent.Classify(e.UserAgent)))
	s.PerMinute.Add(e.Time)
	if e.Duration > 0 {
		s.timedCount++
		s.Latency.Add(float64(e.Duration) / float64(time.Millisecond))
		s.Histogram.Add(e.Duration)
	}
}

// ErrorRate is the share of 5xx responses.
func (s *Summary) ErrorRate() float64 {
	if s.Requests == 0 {
		return 0
	}
	return float64(s.ByClass[5]) / float64(s.Requests)
}

// Timed reports whether any entry carried a request time.
func (s *Summary) Timed() bool { return s.timedCount > 0 }

// RequestsPerSecond over the span of the log.
func (s *Summary) RequestsPerSecond() float64 {
	d := s.Span.Duration()
	if d <= 0 {
		return float64(s.Requests)
	}
	return float64(s.Requests) / d.Seconds()
}
