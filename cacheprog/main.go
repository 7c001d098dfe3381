// Command gotune-cacher is a GOCACHEPROG program for a shared build cache: go-tool-cache's go-cacher (same flags,
// same disk, same HTTP protocol to gocached) with its library's BestEffortHTTP on, which go-cacher does not expose.
//
// With go-cacher, a failed upload is an error go fails the build on ("Put ... connection refused" when the server is
// down and the local disk lacks the entry). Here every HTTP error is a miss or a skipped upload: an object goes to the
// local disk at once and is uploaded in the background, each upload bounded by --upload-timeout, and go's close waits
// at most that long for the uploads still running. No protocol is implemented here: cacheproc and cachers do it all.
//
// The library's lookups have no timeout (http.DefaultClient): a server that accepts connections but never answers
// holds every go command. Here each request's connect, wait for the answer's headers, and each wait for more of the
// answer's body are bounded by --lookup-timeout (an error is a miss), and after the first request that timed out the
// rest of the go command uses the local disk only, so a stalled server costs one timeout per go command, not one per
// lookup.
//
// The access token is read from --access-token-file (a file only its owner can read), so it shows neither in the
// GOENV file nor in ps; --access-token is kept for go-cacher's flag set.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bradfitz/go-tool-cache/cacheproc"
	"github.com/bradfitz/go-tool-cache/cachers"
)

// Uploads running at once: enough for a LAN or loopback server, few enough not to flood a slow one.
const uploadConcurrency = 16

var (
	dir           = flag.String("cache-dir", "", "cache directory; empty means os.UserCacheDir()/gotune-cacher")
	serverBase    = flag.String("cache-server", "", "cache server HTTP prefix (scheme and authority only); empty means local disk only")
	token         = flag.String("access-token", "", "optional access token to use with the cache server (shows in ps: prefer --access-token-file)")
	tokenFile     = flag.String("access-token-file", "", "file holding the access token (readable by its owner only)")
	lookupTimeout = flag.Duration("lookup-timeout", 3*time.Second, "longest wait to connect to the server, for its answer's headers, and for each next piece of the answer's body; an error is a miss, and after one the go command uses the local disk only")
	verbose       = flag.Bool("verbose", false, "be verbose")
	uploadTimeout = flag.Duration("upload-timeout", 30*time.Second, "longest time one background upload may take, and go's close waits for the uploads still running")
)

// uploadLog passes the library's log lines on to stderr (go shows them), but of the failed uploads (one "error PUT"
// line each: hundreds in a build while the server is down) only the first; close says how many failed in all.
type uploadLog struct {
	mu     sync.Mutex
	failed int
}

func (l *uploadLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if bytes.Contains(p, []byte("error PUT /")) {
		l.failed++
		if l.failed > 1 {
			return len(p), nil
		}
	}
	return os.Stderr.Write(p)
}

func (l *uploadLog) Failed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failed
}

func main() {
	flag.Parse()
	uploads := &uploadLog{}
	log.SetOutput(uploads)
	if *uploadTimeout <= 0 {
		log.Fatalf("gotune-cacher: --upload-timeout must be positive (got %v)", *uploadTimeout)
	}
	if *lookupTimeout <= 0 {
		log.Fatalf("gotune-cacher: --lookup-timeout must be positive (got %v)", *lookupTimeout)
	}
	accessToken := *token
	if *tokenFile != "" {
		if *token != "" {
			log.Fatalf("gotune-cacher: give --access-token-file or --access-token, not both")
		}
		t, err := readTokenFile(*tokenFile)
		if err != nil {
			log.Fatalf("gotune-cacher: %v", err)
		}
		accessToken = t
	}
	if *dir == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			log.Fatal(err)
		}
		*dir = filepath.Join(d, "gotune-cacher")
	}
	if err := os.MkdirAll(*dir, 0755); err != nil {
		log.Fatal(err)
	}
	disk := &cachers.DiskCache{Dir: *dir}
	p := &cacheproc.Process{Get: disk.Get, Put: disk.Put}
	stats := func() error {
		if *verbose {
			log.Printf("gotune-cacher: closing; %d gets (%d hits, %d misses, %d errors); %d puts (%d errors)",
				p.Gets.Load(), p.GetHits.Load(), p.GetMisses.Load(), p.GetErrors.Load(), p.Puts.Load(), p.PutErrors.Load())
		}
		return nil
	}
	p.Close = stats
	if *serverBase != "" {
		hc := &cachers.HTTPClient{
			BaseURL:               *serverBase,
			Disk:                  disk,
			HTTPClient:            &http.Client{Transport: bounded(*lookupTimeout)},
			Verbose:               *verbose,
			AccessToken:           accessToken,
			BestEffortHTTP:        true,
			AsyncPutTimeout:       *uploadTimeout,
			AsyncPutMaxConcurrent: uploadConcurrency,
		}
		p.Get = hc.Get
		p.Put = hc.Put
		p.Close = func() error {
			if !hc.Shutdown() {
				log.Printf("gotune-cacher: uploads still running after %v were dropped (the local disk has them)", *uploadTimeout)
			}
			if n := uploads.Failed(); n > 1 {
				log.Printf("gotune-cacher: %d uploads to %s failed in all (the first is above); the local disk has the objects", n, *serverBase)
			}
			return stats()
		}
	}
	if err := p.Run(); err != nil {
		log.Fatal(err)
	}
}

// readTokenFile reads the access token from PATH, refusing a file that group or others can read (the token would
// not be a secret) or that is empty.
func readTokenFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("--access-token-file: %v", err)
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("--access-token-file %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return "", fmt.Errorf("--access-token-file %s can be read by others (mode %04o): it holds a secret; run chmod 600 %s, then the go command again", path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--access-token-file: %v", err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("--access-token-file %s is empty: it must hold the cache server's access token", path)
	}
	return t, nil
}

// bounded is the transport of every request to the server: connecting, waiting for the answer's headers, and each
// wait for more of its body take at most TIMEOUT. After the first request that timed out, every later one fails at
// once (a miss, or an upload left to the local disk), said once on stderr.
func bounded(timeout time.Duration) http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = timeout
	t.ResponseHeaderTimeout = timeout
	t.MaxIdleConnsPerHost = uploadConcurrency
	return &breaker{next: t, timeout: timeout}
}

type breaker struct {
	next    http.RoundTripper
	timeout time.Duration
	tripped atomic.Bool
}

var (
	errTripped = errors.New("gotune-cacher: the cache server timed out earlier in this go command; using the local disk only")
	errStalled = errors.New("gotune-cacher: the cache server stopped sending its answer (--lookup-timeout)")
)

func (b *breaker) RoundTrip(req *http.Request) (*http.Response, error) {
	if b.tripped.Load() {
		return nil, errTripped
	}
	// The transport bounds nothing after the headers: a body that stops coming is ended by cancelling this context.
	ctx, cancel := context.WithCancel(req.Context())
	res, err := b.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() && req.Context().Err() == nil {
			b.trip(fmt.Sprintf("%s did not answer within %v", req.URL.Host, b.timeout))
		}
		return nil, err
	}
	res.Body = &stallBoundBody{body: res.Body, cancel: cancel, breaker: b, host: req.URL.Host}
	return res, nil
}

func (b *breaker) trip(what string) {
	if b.tripped.CompareAndSwap(false, true) {
		log.Printf("gotune-cacher: %s (--lookup-timeout): the rest of this go command uses the local disk only", what)
	}
}

// stallBoundBody is an answer's body whose every Read waits at most the breaker's timeout for the server: a server
// that sent the headers and then stopped sending would otherwise hold the lookup, and go, for ever. A large object
// that keeps coming is not cut off.
type stallBoundBody struct {
	body    io.ReadCloser
	cancel  context.CancelFunc
	breaker *breaker
	host    string
}

func (s *stallBoundBody) Read(p []byte) (int, error) {
	timer := time.AfterFunc(s.breaker.timeout, s.cancel)
	n, err := s.body.Read(p)
	if !timer.Stop() {
		s.breaker.trip(fmt.Sprintf("%s stopped sending its answer for %v", s.host, s.breaker.timeout))
		return n, errStalled
	}
	return n, err
}

func (s *stallBoundBody) Close() error {
	err := s.body.Close()
	s.cancel()
	return err
}
