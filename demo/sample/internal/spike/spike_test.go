package spike

import (
	"testing"
	"time"

	"example.com/gotune-demo/internal/window"
)

func TestDetectFindsTheBurst(t *testing.T) {
	s := window.New(time.Minute)
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for m := 0; m < 20; m++ {
		n := 10
		if m == 12 {
			n = 80
		}
		for i := 0; i < n; i++ {
			s.Add(start.Add(time.Duration(m)*time.Minute + time.Duration(i)*time.Second))
		}
	}
	points := s.Points()
	if len(points) != 20 {
		t.Fatalf("points = %d, want 20", len(points))
	}
	got := Detect(points, 3)
	if len(got) != 1 || !got[0].Point.Start.Equal(start.Add(12*time.Minute)) {
		t.Fatalf("spikes = %+v", got)
	}
}

func TestFlatSeriesHasNoSpikes(t *testing.T) {
	s := window.New(time.Minute)
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for m := 0; m < 5; m++ {
		s.Add(start.Add(time.Duration(m) * time.Minute))
	}
	if got := Detect(s.Points(), 1); len(got) != 0 {
		t.Errorf("spikes in a flat series: %+v", got)
	}
}
