package stats

import (
	"math"
	"testing"
)

func TestRunning(t *testing.T) {
	var r Running
	for _, x := range []float64{2, 4, 4, 4, 5, 5, 7, 9} {
		r.Add(x)
	}
	if r.N() != 8 || r.Mean() != 5 || r.Min() != 2 || r.Max() != 9 {
		t.Errorf("n=%d mean=%v min=%v max=%v", r.N(), r.Mean(), r.Min(), r.Max())
	}
	if got := r.StdDev(); math.Abs(got-2.138) > 0.001 {
		t.Errorf("stddev = %v", got)
	}
}

func TestQuantile(t *testing.T) {
	var s Sample
	for i := 10; i >= 1; i-- {
		s.Add(float64(i))
	}
	for q, want := range map[float64]float64{0: 1, 0.5: 5.5, 0.9: 9.1, 1: 10} {
		if got := s.Quantile(q); math.Abs(got-want) > 1e-9 {
			t.Errorf("Quantile(%v) = %v, want %v", q, got, want)
		}
	}
	var empty Sample
	if !math.IsNaN(empty.Quantile(0.5)) {
		t.Error("empty quantile is not NaN")
	}
}
