// Package record defines one parsed access-log entry.
package record

import "time"

// Entry is one request from an access log.
type Entry struct {
	Client    string
	User      string
	Time      time.Time
	Method    string
	Path      string
	Query     string
	Protocol  string
	Status    int
	Bytes     int64
	Referer   string
	UserAgent string
	// Duration is the request time when the log has one (nginx $request_time), else zero.
	Duration time.Duration
}

// Class is the status class: 2 for 2xx, 5 for 5xx, 0 when the status is out of range.
func (e Entry) Class() int {
	if e.Status < 100 || e.Status > 599 {
		return 0
	}
	return e.Status / 100
}

// IsError reports a server-side failure (5xx).
func (e Entry) IsError() bool { return e.Class() == 5 }

// IsClientError reports a rejected request (4xx).
func (e Entry) IsClientError() bool { return e.Class() == 4 }
