// Package stats keeps running moments and exact quantiles of a sample.
package stats

import (
	"math"
	"sort"
)

// Running accumulates count, mean and variance in one pass (Welford).
type Running struct {
	n        int
	mean, m2 float64
	min, max float64
}

// Add records one observation.
func (r *Running) Add(x float64) {
	if r.n == 0 || x < r.min {
		r.min = x
	}
	if r.n == 0 || x > r.max {
		r.max = x
	}
	r.n++
	d := x - r.mean
	r.mean += d / float64(r.n)
	r.m2 += d * (x - r.mean)
}

// N is the number of observations.
func (r Running) N() int { return r.n }

// Mean is the arithmetic mean (0 when empty).
func (r Running) Mean() float64 { return r.mean }

// Min and Max are the extremes seen (0 when empty).
func (r Running) Min() float64 { return r.min }
func (r Running) Max() float64 { return r.max }

// StdDev is the sample standard deviation (0 with fewer than two observations).
func (r Running) StdDev() float64 {
	if r.n < 2 {
		return 0
	}
	return math.Sqrt(r.m2 / float64(r.n-1))
}

// Sample keeps every value so quantiles are exact.
type Sample struct {
	values []float64
	sorted bool
}

// Add records one value.
func (s *Sample) Add(x float64) {
	s.values = append(s.values, x)
	s.sorted = false
}

// Len is the number of values.
func (s *Sample) Len() int { return len(s.values) }

// Quantile returns the q-quantile (0 <= q <= 1) by linear interpolation between
// closest ranks; NaN for an empty sample.
func (s *Sample) Quantile(q float64) float64 {
	if len(s.values) == 0 {
		return math.NaN()
	}
	if !s.sorted {
		sort.Float64s(s.values)
		s.sorted = true
	}
	if q <= 0 {
		return s.values[0]
	}
	if q >= 1 {
		return s.values[len(s.values)-1]
	}
	pos := q * float64(len(s.values)-1)
	lo := int(math.Floor(pos))
	frac := pos - float64(lo)
	if lo+1 >= len(s.values) {
		return s.values[lo]
	}
	return s.values[lo]*(1-frac) + s.values[lo+1]*frac
}

// ZScore is how many standard deviations x lies from the mean (0 when undefined).
func ZScore(x, mean, stddev float64) float64 {
	if stddev == 0 {
		return 0
	}
	return (x - mean) / stddev
}
