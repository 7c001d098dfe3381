// Package spike finds intervals whose request count stands out from the rest.
package spike

import (
	"example.com/gotune-demo/internal/stats"
	"example.com/gotune-demo/internal/window"
)

// Spike is an interval with its count and how unusual it is.
type Spike struct {
	Point window.Point
	Z     float64
}

// Detect returns the points whose count is at least threshold standard deviations
// above the mean of the series. Fewer than three points cannot show a spike.
func Detect(points []window.Point, threshold float64) []Spike {
	if len(points) < 3 {
		return nil
	}
	var r stats.Running
	for _, p := range points {
		r.Add(float64(p.Count))
	}
	var out []Spike
	for _, p := range points {
		if z := stats.ZScore(float64(p.Count), r.Mean(), r.StdDev()); z >= threshold {
			out = append(out, Spike{Point: p, Z: z})
		}
	}
	return out
}
