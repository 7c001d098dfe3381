package clock

import (
	"testing"
	"time"
)

func TestParseRoundTrip(t *testing.T) {
	in := "[24/Nov/2026:10:15:32 +0100]"
	got, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "24/Nov/2026:10:15:32 +0100"; Format(got) != want {
		t.Errorf("Format(Parse(%q)) = %q, want %q", in, Format(got), want)
	}
	if got.UTC().Hour() != 9 {
		t.Errorf("UTC hour = %d, want 9", got.UTC().Hour())
	}
}

func TestParseRejectsOtherLayouts(t *testing.T) {
	if _, err := Parse("2026-11-24T10:15:32Z"); err == nil {
		t.Error("RFC 3339 accepted as CLF")
	}
}

func TestBucketAndSpan(t *testing.T) {
	a, _ := Parse("24/Nov/2026:10:15:32 +0000")
	b, _ := Parse("24/Nov/2026:10:17:05 +0000")
	if got := Bucket(a, time.Minute); got.Minute() != 15 || got.Second() != 0 {
		t.Errorf("Bucket = %v", got)
	}
	var s Span
	s.Add(b)
	s.Add(a)
	if s.Duration() != 93*time.Second {
		t.Errorf("Span = %v, want 1m33s", s.Duration())
	}
}
