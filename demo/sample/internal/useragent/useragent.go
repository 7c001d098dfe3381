// Package useragent sorts User-Agent strings into the few kinds an operator cares about.
package useragent

import "strings"

// Kind is a coarse client category.
type Kind string

const (
	Browser Kind = "browser"
	Bot     Kind = "bot"
	CLI     Kind = "cli"
	Library Kind = "library"
	Unknown Kind = "unknown"
)

var rules = []struct {
	needle string
	kind   Kind
}{
	{"googlebot", Bot}, {"bingbot", Bot}, {"crawler", Bot}, {"spider", Bot}, {"bot/", Bot}, {"bot;", Bot},
	{"curl/", CLI}, {"wget/", CLI}, {"httpie/", CLI},
	{"go-http-client", Library}, {"python-requests", Library}, {"okhttp", Library}, {"java/", Library},
	{"mozilla/", Browser},
}

// Classify returns the kind of the client that sent ua.
func Classify(ua string) Kind {
	if ua == "" || ua == "-" {
		return Unknown
	}
	lower := strings.ToLower(ua)
	for _, r := range rules {
		if strings.Contains(lower, r.needle) {
			return r.kind
		}
	}
	return Unknown
}

// Product is the first product token of ua without its version: "curl" for "curl/8.5.0".
func Product(ua string) string {
	first := ua
	if i := strings.IndexByte(first, ' '); i >= 0 {
		first = first[:i]
	}
	if i := strings.IndexByte(first, '/'); i >= 0 {
		first = first[:i]
	}
	return first
}
