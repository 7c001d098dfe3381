package topk

import "testing"

func TestTopIsStable(t *testing.T) {
	c := New()
	for _, k := range []string{"/b", "/a", "/c", "/a", "/b", "/a", "/d"} {
		c.Add(k)
	}
	got := c.Top(3)
	want := []string{"/a", "/b", "/c"}
	if len(got) != 3 {
		t.Fatalf("len = %d", len(got))
	}
	for i, w := range want {
		if got[i].Key != w {
			t.Errorf("Top[%d] = %s, want %s", i, got[i].Key, w)
		}
	}
	if got[0].Count != 3 || c.Total() != 7 || c.Distinct() != 4 {
		t.Errorf("count %d total %d distinct %d", got[0].Count, c.Total(), c.Distinct())
	}
	if len(c.Top(-1)) != 4 {
		t.Error("Top(-1) should return every key")
	}
}
