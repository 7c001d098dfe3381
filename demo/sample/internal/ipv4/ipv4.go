// Package ipv4 parses dotted-quad addresses and groups clients by network prefix,
// without the weight of package net.
package ipv4

import (
	"fmt"
	"strconv"
	"strings"
)

// Addr is an IPv4 address.
type Addr [4]byte

// Parse reads a dotted quad such as 203.0.113.7.
func Parse(s string) (Addr, error) {
	var a Addr
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return a, fmt.Errorf("%q is not an IPv4 address", s)
	}
	for i, p := range parts {
		if p == "" || len(p) > 3 || (len(p) > 1 && p[0] == '0') {
			return a, fmt.Errorf("%q is not an IPv4 address", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n > 255 {
			return a, fmt.Errorf("%q is not an IPv4 address", s)
		}
		a[i] = byte(n)
	}
	return a, nil
}

func (a Addr) String() string {
	return fmt.Sprintf("%d.%d.%d.%d", a[0], a[1], a[2], a[3])
}

// Prefix masks a to its first bits (0-32) and renders it as CIDR.
func (a Addr) Prefix(bits int) string {
	if bits < 0 {
		bits = 0
	}
	if bits > 32 {
		bits = 32
	}
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	if bits < 32 {
		v &^= (1<<(32-bits) - 1)
	}
	m := Addr{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
	return fmt.Sprintf("%s/%d", m, bits)
}

// Private reports RFC 1918, loopback and link-local addresses.
func (a Addr) Private() bool {
	switch {
	case a[0] == 10, a[0] == 127:
		return true
	case a[0] == 172 && a[1]&0xf0 == 16:
		return true
	case a[0] == 192 && a[1] == 168:
		return true
	case a[0] == 169 && a[1] == 254:
		return true
	}
	return false
}

// Network groups a client string by its /bits prefix; non-IPv4 clients (IPv6,
// host names) are kept whole.
func Network(client string, bits int) string {
	a, err := Parse(client)
	if err != nil {
		return client
	}
	return a.Prefix(bits)
}
