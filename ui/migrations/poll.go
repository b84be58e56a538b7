package migrations

import (
	"time"

	"github.com/mcgdash/mcgdash/client"
)

// The polling policy. The dashboard refreshes from the partner-wide list
// (one call per 500 migrations), never one call per migration; a pane
// polls its own migration's events only while it is on screen. Partner
// Center allows DefaultRateLimit calls a minute per key ("partner" for the
// list, the customer for its migration's events).

const (
	// minInterval is the quickest refresh, with a few active migrations.
	minInterval = 2 * time.Second
	// perActive slows the refresh as more migrations run: 1,000 active
	// refresh every 5 s.
	perActive = 3 * time.Millisecond
	// maxInterval bounds the refresh while migrations run.
	maxInterval = 15 * time.Second
	// idleInterval is the refresh when nothing runs (new migrations
	// started elsewhere still show up) and while the screen is hidden
	// (the header's summary only).
	idleInterval = 30 * time.Second
	// maxBackoff bounds the wait after failures and 429s.
	maxBackoff = 2 * time.Minute
	// listShare is the share of the per-minute limit the list may use.
	listShare = 4
)

// RateLimit is the calls per minute per key the policy plans for:
// Partner Center's documented limit.
var RateLimit = 500

// pages is how many list calls a refresh of total migrations takes.
func pages(total int) int {
	return max(1, (total+client.MaxPageSize-1)/client.MaxPageSize)
}

// listInterval is the wait before the next refresh of the list: slower
// with more active migrations, never more list calls than a quarter of the
// limit, idle when nothing runs or the screen is hidden.
func listInterval(total, active int, visible bool) time.Duration {
	budget := max(RateLimit/listShare, 1)
	floor := time.Duration(pages(total)) * time.Minute / time.Duration(budget)
	if !visible || active == 0 {
		return max(idleInterval, floor)
	}
	d := min(minInterval+time.Duration(active)*perActive, maxInterval)
	return max(d, floor)
}

// paneInterval is the wait between two event polls of one pane.
func paneInterval(active int) time.Duration {
	return min(minInterval+time.Duration(active)*perActive, maxInterval)
}

// backoff is the wait after a refresh that failed or was throttled:
// Retry-After first (the longest the service asked for), then doubling
// the normal interval with each failure in a row.
func backoff(normal, retryAfter time.Duration, failures int) time.Duration {
	d := normal
	for i := 0; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	d = max(d, retryAfter)
	return min(d, max(maxBackoff, retryAfter))
}
