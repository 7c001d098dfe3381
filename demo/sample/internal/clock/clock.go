// Package clock parses the timestamps of the common log format and buckets them.
package clock

import (
	"fmt"
	"time"
)

// Layout is the common log format timestamp: 24/Nov/2026:10:15:32 +0000.
const Layout = "02/Jan/2006:15:04:05 -0700"

// Parse reads a CLF timestamp, with or without the surrounding brackets.
func Parse(s string) (time.Time, error) {
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		s = s[1 : len(s)-1]
	}
	t, err := time.Parse(Layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad timestamp %q: want %s", s, Layout)
	}
	return t, nil
}

// Format writes t the way access logs do.
func Format(t time.Time) string {
	return t.Format(Layout)
}

// Bucket truncates t to the start of its interval, in UTC so buckets from different
// time zones line up.
func Bucket(t time.Time, every time.Duration) time.Time {
	if every <= 0 {
		return t.UTC()
	}
	return t.UTC().Truncate(every)
}

// Span is the time between the first and last of a set of timestamps.
type Span struct {
	First, Last time.Time
}

// Add widens the span to include t.
func (s *Span) Add(t time.Time) {
	if s.First.IsZero() || t.Before(s.First) {
		s.First = t
	}
	if t.After(s.Last) {
		s.Last = t
	}
}

// Duration is Last minus First (zero for an empty span).
func (s Span) Duration() time.Duration {
	if s.First.IsZero() {
		return 0
	}
	return s.Last.Sub(s.First)
}
