package useragent

import "testing"

func TestClassify(t *testing.T) {
	cases := map[string]Kind{
		"Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0":                            Browser,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)": Bot,
		"curl/8.5.0":             CLI,
		"Go-http-client/1.1":     Library,
		"python-requests/2.32.3": Library,
		"":                       Unknown,
		"SomethingElse":          Unknown,
	}
	for ua, want := range cases {
		if got := Classify(ua); got != want {
			t.Errorf("Classify(%q) = %s, want %s", ua, got, want)
		}
	}
}

func TestProduct(t *testing.T) {
	if got := Product("curl/8.5.0 extra"); got != "curl" {
		t.Errorf("Product = %q", got)
	}
}
