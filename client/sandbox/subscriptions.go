package sandbox

import (
	"crypto/sha256"
	"strings"
	"time"
)

// offer is a product a CSP partner could sell in Microsoft Cloud Germany.
type offer struct {
	name   string
	id     string // upper-case GUID, as Partner Center spells legacy offer ids
	weight int
	azure  bool // usage-based: no seats, no term
}

var offers = func() []offer {
	list := []offer{
		{name: "Office 365 E1", weight: 10},
		{name: "Office 365 E3", weight: 16},
		{name: "Office 365 E5", weight: 4},
		{name: "Exchange Online (Plan 1)", weight: 12},
		{name: "Exchange Online (Plan 2)", weight: 4},
		{name: "Microsoft 365 Business Basic", weight: 6},
		{name: "Microsoft 365 Business Standard", weight: 10},
		{name: "Microsoft 365 Business Premium", weight: 7},
		{name: "Microsoft 365 E3", weight: 4},
		{name: "Dynamics 365 Sales Enterprise", weight: 2},
		{name: "Dynamics 365 Customer Service Enterprise", weight: 2},
		{name: "Microsoft Azure", weight: 9, azure: true},
		{name: "Power BI Pro", weight: 6},
		{name: "Project Plan 3", weight: 3},
		{name: "Visio Plan 2", weight: 3},
		{name: "Enterprise Mobility + Security E3", weight: 3},
	}
	for i := range list {
		sum := sha256.Sum256([]byte("mcg offer " + list[i].name))
		var b [16]byte
		copy(b[:], sum[:])
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		list[i].id = strings.ToUpper(formatGUID(b))
	}
	return list
}()

var offerWeightTotal = func() int {
	t := 0
	for _, o := range offers {
		t += o.weight
	}
	return t
}()

func pickOffer(r *rng) int {
	x := r.intn(offerWeightTotal)
	for i, o := range offers {
		if x < o.weight {
			return i
		}
		x -= o.weight
	}
	return 0
}

// subscription is one generated subscription, in wire-ready form.
type subscription struct {
	id, entitlementID, orderID string
	offer                      *offer
	friendlyName               string
	quantity                   int
	status                     string
	term                       string
	billingCycle               string
	autoRenew, trial           bool
	created, commitmentEnd     time.Time
	etag                       int
}

// subCounts weights how many subscriptions a customer has (index+1).
var subCounts = []int{15, 25, 20, 15, 10, 7, 5, 3}

// departments name a second subscription of the same offer, as partners
// do to keep licences apart.
var departments = []string{"Vertrieb", "Verwaltung", "Produktion", "Entwicklung", "Finance", "Service"}

// mcgStart and mcgEnd bound when subscriptions were created: Microsoft
// Cloud Germany's CSP years.
var (
	mcgStart = time.Date(2017, 1, 9, 0, 0, 0, 0, time.UTC)
	mcgEnd   = time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC)
	// renewUntil is roughly when the MCG wind-down froze renewals.
	renewUntil = time.Date(2021, 10, 29, 0, 0, 0, 0, time.UTC)
	// azureEnd is the commitment end Partner Center reports for Azure.
	azureEnd = time.Date(9999, 12, 14, 0, 0, 0, 0, time.UTC)
)

// subscriptions generates customer i's subscriptions. Nothing is stored:
// the same index always gives the same list.
func (d *dataset) subscriptions(i int) []subscription {
	r := newRNG(d.seed, i, saltSubs)
	n := 1
	for x := r.intn(100); x >= subCounts[n-1]; n++ {
		x -= subCounts[n-1]
	}
	suspendedCustomer := r.pct(6)
	used := map[int]int{}
	subs := make([]subscription, n)
	days := int(mcgEnd.Sub(mcgStart).Hours() / 24)
	for j := range subs {
		oi := pickOffer(r)
		o := &offers[oi]
		s := subscription{
			id:            formatGUID(r.guid()),
			entitlementID: formatGUID(r.guid()),
			orderID:       formatGUID(r.guid()),
			offer:         o,
			friendlyName:  o.name,
			status:        "active",
			created:       mcgStart.AddDate(0, 0, r.intn(days)).Add(time.Duration(r.intn(86400)) * time.Second),
			etag:          1 + r.intn(40),
		}
		if used[oi] > 0 {
			s.friendlyName = o.name + " – " + pick(r, departments)
		}
		used[oi]++
		switch x := r.intn(100); {
		case x < 5:
			s.status = "deleted"
		case x < 8:
			s.status = "pending"
		}
		start := s.created.Truncate(24 * time.Hour)
		if o.azure {
			s.quantity, s.billingCycle, s.commitmentEnd = 1, "monthly", azureEnd
		} else {
			s.quantity = seats(r)
			s.trial = r.pct(4)
			s.autoRenew = !s.trial && r.pct(88)
			s.term, s.billingCycle = "P1Y", "annual"
			switch x := r.intn(100); {
			case s.trial || x < 30:
				s.term, s.billingCycle = "P1M", "monthly"
			case x < 38:
				s.term = "P3Y"
			}
			if s.trial {
				s.quantity = 25
			}
			s.commitmentEnd = commitmentEnd(start, s.term, s.autoRenew)
		}
		subs[j] = s
	}
	if suspendedCustomer {
		subs[r.intn(n)].status = "suspended"
	}
	return subs
}

// seats draws a licence count: most customers are small businesses.
func seats(r *rng) int {
	switch x := r.intn(100); {
	case x < 55:
		return 1 + r.intn(15)
	case x < 85:
		return 15 + r.intn(60)
	case x < 97:
		return 75 + r.intn(250)
	default:
		return 325 + r.intn(1500)
	}
}

// commitmentEnd is the end of the term that was running when renewals
// stopped (or the first term, without auto-renewal).
func commitmentEnd(start time.Time, term string, autoRenew bool) time.Time {
	step := func(t time.Time) time.Time {
		switch term {
		case "P1M":
			return t.AddDate(0, 1, 0)
		case "P3Y":
			return t.AddDate(3, 0, 0)
		}
		return t.AddDate(1, 0, 0)
	}
	end := step(start)
	for autoRenew && end.Before(renewUntil) {
		end = step(end)
	}
	return end.AddDate(0, 0, -1)
}
