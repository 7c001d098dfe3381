// Package jsonout renders a summary as JSON for scripts and dashboards.
package jsonout

import (
	"encoding/json"
	"io"
	"math"
	"time"

	"example.com/gotune-demo/internal/summary"
	"example.com/gotune-demo/internal/topk"
)

// Document is the JSON shape of loglens -json.
type Document struct {
	Requests  int            `json:"requests"`
	Bytes     int64          `json:"bytes"`
	First     time.Time      `json:"first"`
	Last      time.Time      `json:"last"`
	Status    map[string]int `json:"status"`
	ErrorRate float64        `json:"errorRate"`
	LatencyMs *Latency       `json:"latencyMs,omitempty"`
	TopPaths  []topk.Item    `json:"topPaths"`
	Networks  []topk.Item    `json:"networks"`
	Clients   map[string]int `json:"clients"`
}

// Latency holds request-time quantiles in milliseconds.
type Latency struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
}

// From builds the document for s with the top n paths and networks.
func From(s *summary.Summary, n int) Document {
	d := Document{
		Requests:  s.Requests,
		Bytes:     s.Bytes,
		First:     s.Span.First,
		Last:      s.Span.Last,
		Status:    map[string]int{"2xx": s.ByClass[2], "3xx": s.ByClass[3], "4xx": s.ByClass[4], "5xx": s.ByClass[5]},
		ErrorRate: round(s.ErrorRate()),
		TopPaths:  s.Paths.Top(n),
		Networks:  s.Networks.Top(n),
		Clients:   map[string]int{},
	}
	for _, it := range s.Agents.Top(-1) {
		d.Clients[it.Key] = it.Count
	}
	if s.Timed() {
		d.LatencyMs = &Latency{P50: round(s.Latency.Quantile(0.5)), P90: round(s.Latency.Quantile(0.9)), P99: round(s.Latency.Quantile(0.99))}
	}
	return d
}

// Write encodes the document, indented.
func Write(w io.Writer, d Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

func round(v float64) float64 { return math.Round(v*1000) / 1000 }
