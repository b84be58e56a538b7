package sandbox

import (
	"strconv"
	"strings"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// The sandbox speaks as recordings of the real service show
// (/work/shared/reference/partner-center.md, "What recorded traffic
// shows"), so that a client that works here works there.

// nextURI is a customers page's links.next.uri. Both recorded forms occur:
// from the host ("/v1/customers?…", the newer) and from the API version
// root ("/customers?…", the older). The sandbox alternates them page by
// page, so every listing of more than two pages meets both.
func nextURI(c cursor) string {
	q := "customers?size=" + strconv.Itoa(c.size) + "&seekOperation=Next"
	if (c.offset/c.size)%2 == 1 {
		return "/" + q
	}
	return "/v1/" + q
}

// noEnd is Partner Center's "never ends" date.
const noEnd = "9999-12-14T00:00:00Z"

// pcTimeFraction writes a timestamp with the varying precision recordings
// show: no fraction, ".4", ".677", seven digits, some without a zone.
func pcTimeFraction(t time.Time, k int) string {
	t = t.UTC()
	switch k % 4 {
	case 1:
		return t.Format("2006-01-02T15:04:05.000Z")
	case 2:
		return t.Add(1234567 * time.Nanosecond).Format("2006-01-02T15:04:05.0000000") // no zone
	case 3:
		return t.Add(400 * time.Millisecond).Format("2006-01-02T15:04:05.9Z")
	}
	return pcTime(t)
}

// htmlEntities writes apostrophes as the real service does in error
// descriptions ("We&#39;re"): clients must decode them.
func htmlEntities(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

// ListItem is what a customer looks like in a listing: without the fields
// only GET /v1/customers/{id} returns (commerceId, and the address, so no
// country or city).
func ListItem(c model.Customer) model.Customer {
	c.CommerceID, c.Country, c.City = "", "", ""
	return c
}
