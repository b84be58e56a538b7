package sandbox

import (
	"strconv"
	"strings"

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
