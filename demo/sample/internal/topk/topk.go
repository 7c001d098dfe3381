// Package topk counts keys and returns the most frequent ones.
package topk

import "sort"

// Counter counts occurrences of string keys.
type Counter struct {
	counts map[string]int
	total  int
}

// New returns an empty counter.
func New() *Counter { return &Counter{counts: make(map[string]int)} }

// Add counts key once.
func (c *Counter) Add(key string) { c.AddN(key, 1) }

// AddN counts key n times.
func (c *Counter) AddN(key string, n int) {
	c.counts[key] += n
	c.total += n
}

// Total is the sum of all counts; Distinct the number of keys.
func (c *Counter) Total() int    { return c.total }
func (c *Counter) Distinct() int { return len(c.counts) }

// Item is a key with its count and share of the total.
type Item struct {
	Key   string
	Count int
	Share float64
}

// Top returns the n most frequent keys, ties broken by key so output is stable.
func (c *Counter) Top(n int) []Item {
	items := make([]Item, 0, len(c.counts))
	for k, v := range c.counts {
		share := 0.0
		if c.total > 0 {
			share = float64(v) / float64(c.total)
		}
		items = append(items, Item{Key: k, Count: v, Share: share})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].Count != items[j].Count {
			return items[i].Count > items[j].Count
		}
		return items[i].Key < items[j].Key
	})
	if n >= 0 && n < len(items) {
		items = items[:n]
	}
	return items
}
