package ipv4

import "testing"

func TestParseAndPrefix(t *testing.T) {
	a, err := Parse("203.0.113.77")
	if err != nil {
		t.Fatal(err)
	}
	for bits, want := range map[int]string{24: "203.0.113.0/24", 16: "203.0.0.0/16", 32: "203.0.113.77/32", 0: "0.0.0.0/0"} {
		if got := a.Prefix(bits); got != want {
			t.Errorf("Prefix(%d) = %s, want %s", bits, got, want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, s := range []string{"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "a.b.c.d", "::1"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
}

func TestPrivate(t *testing.T) {
	for s, want := range map[string]bool{"10.1.2.3": true, "172.20.0.1": true, "172.32.0.1": false, "192.168.1.1": true, "8.8.8.8": false} {
		a, _ := Parse(s)
		if a.Private() != want {
			t.Errorf("%s private = %v", s, !want)
		}
	}
	if Network("2001:db8::1", 24) != "2001:db8::1" {
		t.Error("IPv6 client not kept whole")
	}
}
