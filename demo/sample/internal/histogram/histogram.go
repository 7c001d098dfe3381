// Package histogram counts durations in doubling buckets and draws them as text bars.
package histogram

import (
	"fmt"
	"strings"
	"time"
)

// Histogram has buckets [0,base), [base,2·base), [2·base,4·base) ... and an overflow bucket.
type Histogram struct {
	base   time.Duration
	counts []int
	total  int
}

// New makes a histogram with n doubling buckets starting at base.
func New(base time.Duration, n int) *Histogram {
	if base <= 0 {
		base = time.Millisecond
	}
	if n < 1 {
		n = 1
	}
	return &Histogram{base: base, counts: make([]int, n+1)}
}

// Add counts one duration.
func (h *Histogram) Add(d time.Duration) {
	i, limit := 0, h.base
	for i < len(h.counts)-1 && d >= limit {
		i++
		limit *= 2
	}
	h.counts[i]++
	h.total++
}

// Total is the number of durations counted.
func (h *Histogram) Total() int { return h.total }

// Lines renders one bar per bucket, scaled to width characters.
func (h *Histogram) Lines(width int) []string {
	peak := 0
	for _, c := range h.counts {
		if c > peak {
			peak = c
		}
	}
	var out []string
	lo := time.Duration(0)
	hi := h.base
	for i, c := range h.counts {
		label := fmt.Sprintf("%8s – %-8s", lo, hi)
		if i == len(h.counts)-1 {
			label = fmt.Sprintf("%8s +         ", lo)
		}
		bar := 0
		if peak > 0 {
			bar = c * width / peak
		}
		out = append(out, fmt.Sprintf("%s %s %d", label, strings.Repeat("#", bar), c))
		lo, hi = hi, hi*2
	}
	return out
}
