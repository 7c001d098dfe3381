package summary

import (
	"bufio"
	"os"
	"testing"

	"example.com/gotune-demo/internal/logfmt"
)

func TestSummaryOfSampleLog(t *testing.T) {
	f, err := os.Open("testdata/sample.log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := New()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		e, err := logfmt.Parse(sc.Text())
		if err == logfmt.ErrBlank {
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", sc.Text(), err)
		}
		s.Add(e)
	}
	if s.Requests != 8 || s.ByClass[5] != 2 || s.ByClass[2] != 5 || s.ByClass[4] != 1 {
		t.Errorf("requests %d classes %v", s.Requests, s.ByClass)
	}
	if got := s.ErrorRate(); got != 0.25 {
		t.Errorf("error rate %v", got)
	}
	if top := s.Paths.Top(1); top[0].Key != "/api/orders" || top[0].Count != 4 {
		t.Errorf("top path %+v", top)
	}
	if !s.Timed() || s.Latency.Quantile(1) != 1200 {
		t.Errorf("max latency %v", s.Latency.Quantile(1))
	}
	if s.Networks.Distinct() != 3 {
		t.Errorf("networks %d", s.Networks.Distinct())
	}
}
