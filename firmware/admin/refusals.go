package admin

import (
	"net"
	"sync"
	"time"
)

// refusals rate-limits refused requests per remote address with a token
// bucket, and their log lines: a scanner that tries tokens gets 429s and
// fills the journal with one line a minute, not one per try.
type refusals struct {
	now func() time.Time

	mu    sync.Mutex
	peers map[string]*peer
}

type peer struct {
	tokens  float64   // refusals left before 429
	at      time.Time // when tokens was last topped up
	logged  time.Time // the last log line about this address
	pending int       // refusals since that line
}

// maxPeers bounds the table: past it the oldest-looking entries go, so a
// flood from many addresses cannot grow memory without end.
const maxPeers = 4096

func newRefusals(now func() time.Time) *refusals {
	if now == nil {
		now = time.Now
	}
	return &refusals{now: now, peers: map[string]*peer{}}
}

// limited reports whether host has used up its refusals: then its
// requests are answered 429 before their token is even compared, so a
// guesser learns nothing faster than the bucket refills.
func (r *refusals) limited(host string) bool {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.peer(host, now).tokens < 1
}

// refuse counts a refused request (a 401 or a 429) from host. It returns
// whether to log a line now, and how many refusals that line stands for.
func (r *refusals) refuse(host string) (log bool, count int) {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.peer(host, now)
	if p.tokens >= 1 {
		p.tokens--
	}
	p.pending++
	if p.logged.IsZero() || now.Sub(p.logged) >= RefusalLogEvery {
		log, count = true, p.pending
		p.logged, p.pending = now, 0
	}
	return log, count
}

// peer returns host's entry, its bucket topped up to now.
func (r *refusals) peer(host string, now time.Time) *peer {
	p := r.peers[host]
	if p == nil {
		if len(r.peers) >= maxPeers {
			r.prune(now)
		}
		p = &peer{tokens: RefusalBurst, at: now}
		r.peers[host] = p
	}
	if el := now.Sub(p.at); el > 0 {
		p.tokens = min(RefusalBurst, p.tokens+float64(el)/float64(RefusalEvery))
		p.at = now
	}
	return p
}

// prune drops the addresses whose bucket is full again and whose last log
// line is old, and, if that frees nothing, all of them.
func (r *refusals) prune(now time.Time) {
	for h, p := range r.peers {
		if now.Sub(p.at) > RefusalBurst*RefusalEvery && now.Sub(p.logged) > RefusalLogEvery {
			delete(r.peers, h)
		}
	}
	if len(r.peers) >= maxPeers {
		clear(r.peers)
	}
}

// remoteHost is a request's remote address without its port.
func remoteHost(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}
