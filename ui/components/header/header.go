// Package header renders the frame's first line: where the operator works
// (sandbox badge, cloud, endpoint), for whom (the partner and the signed-in
// account) and how many customers are loaded.
package header

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
)

// Info is what the header shows.
type Info struct {
	Sandbox bool
	// ReadOnly says mcgdash refuses every change (--readonly): a badge.
	ReadOnly bool
	Env      model.Environment
	Endpoint string // a --partner-center-url, shown by host
	Partner  string
	// SignedOut says that no one is signed in (the operator cancelled the
	// sign-in); the header says so instead of the partner's name.
	SignedOut bool
	// Migrations is the migrations dashboard's summary, e.g. "12
	// migrating, 1 failed"; it goes before the counts while room allows.
	Migrations string
	// Loaded, Total and Done are the customer counts.
	Loaded, Total int
	Done          bool
	// Stopped says loading ended on an error short of the total.
	Stopped bool
}

// NotSignedIn is what the header says when no one is signed in.
const NotSignedIn = "not signed in"

// Render reads, for example,
// " SANDBOX · Microsoft Cloud Germany · Contoso Partner GmbH    1,000 of 100,000 customers (loading)".
// When it does not fit, the counts get shorter, then the cloud's name goes;
// the partner's name is cut only as a last resort.
func Render(s *theme.Styles, in Info, w int) string {
	sep := s.HeaderDim.Render(" · ")
	lead := " "
	// Badges have their own padding.
	switch {
	case in.Sandbox && in.ReadOnly:
		lead = s.Badge("SANDBOX") + " " + s.Badge("READ-ONLY") + sep
	case in.Sandbox:
		lead = s.Badge("SANDBOX") + sep
	case in.ReadOnly:
		lead = s.Badge("READ-ONLY") + sep
	}
	var where []string
	if in.Endpoint != "" {
		where = append(where, s.Header.Render(EndpointHost(in.Endpoint)))
	}
	switch {
	case in.SignedOut:
		where = append(where, s.StatusWarn.Render(NotSignedIn))
	case in.Partner != "":
		where = append(where, s.Header.Render(in.Partner))
	}
	lefts := []string{lead + strings.Join(where, sep)}
	if cl, ok := model.CloudFor(in.Env); ok {
		lefts = append([]string{lead + strings.Join(append([]string{s.Header.Render(cl.DisplayName)}, where...), sep)}, lefts...)
	}
	for i, l := range lefts {
		lefts[i] = strings.TrimSuffix(l, sep)
	}
	rights := countsVariants(in)
	if in.Migrations != "" {
		with := make([]string, 0, 2*len(rights)+1)
		for _, r := range rights {
			with = append(with, in.Migrations+" · "+r)
		}
		with = append(with, in.Migrations)
		rights = append(with, rights...)
	}
	if len(rights) == 0 {
		rights = []string{""}
	}
	for _, left := range lefts {
		for _, right := range rights {
			if ansi.StringWidth(left)+2+ansi.StringWidth(right) <= w {
				return spread(left, s.HeaderDim.Render(right), w)
			}
		}
	}
	left := lefts[len(lefts)-1]
	if ansi.StringWidth(left) <= w {
		return left
	}
	return Clip(left, w)
}

// countsVariants are the customer counts from the longest to the shortest.
func countsVariants(c Info) []string {
	if c.Total <= 0 && c.Loaded <= 0 {
		return nil
	}
	if c.Stopped {
		// Not complete, though it may look it: say so, and how to go on.
		n := Count(c.Loaded)
		long, of, short := n+" customers loaded", n+" loaded", n+"+"
		if c.Total > c.Loaded {
			of, short = n+" of at least "+Count(c.Total), n+" of ≥"+Count(c.Total)
			long = of + " customers"
		}
		return []string{long + " — loading stopped, R retries", of + " — loading stopped, R retries", short + " — stopped", short}
	}
	if c.Done || c.Loaded >= c.Total {
		n := Count(max(c.Loaded, c.Total))
		return []string{n + " customers", n}
	}
	of := Count(c.Loaded) + " of " + Count(c.Total)
	return []string{of + " customers (loading)", of + " (loading)", of, Count(c.Loaded) + "/" + Count(c.Total)}
}

// EndpointHost is the host (and port) of a Partner Center URL.
func EndpointHost(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return model.Sanitize(u.Host)
	}
	return model.Sanitize(endpoint)
}

// spread puts left and right on one line of width w. When both do not
// fit, left is cut to make room for a short right; a long right is dropped.
func spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		if rw == 0 || rw+1 > w/2 {
			return Clip(left, w)
		}
		left = Clip(left, w-rw-1)
		lw = ansi.StringWidth(left)
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}

// Clip cuts line to w cells with "…". The frame clips every line of every
// frame, so a line that is plainly narrow enough is let through without
// measuring its graphemes.
func Clip(line string, w int) string {
	if narrowEnough(line, w) || ansi.StringWidth(line) <= w {
		return line
	}
	return ansi.Truncate(line, w, "…")
}

// narrowEnough reports whether line is certainly at most w cells wide,
// counting outside its CSI and OSC escape sequences one cell per rune
// below U+1100 (where no wide character is) and two for any other: an
// upper bound of what ansi.StringWidth measures. Anything unusual (a lone
// ESC, a sequence with other bytes, one left open, invalid UTF-8) makes it
// answer false, which only sends the line to be measured.
func narrowEnough(line string, w int) bool {
	n := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c < 0x20 || c == 0x7f {
			if c != 0x1b || i+1 >= len(line) {
				return false
			}
			i++
			switch line[i] {
			case '[': // CSI: parameter and intermediate bytes, then a final one
				for i++; i < len(line) && line[i] >= 0x20 && line[i] <= 0x3f; i++ {
				}
				if i >= len(line) || line[i] < 0x40 || line[i] > 0x7e {
					return false
				}
			case ']': // OSC: printable ASCII up to BEL or ST (ESC \)
				for i++; i < len(line) && line[i] >= 0x20 && line[i] <= 0x7e; i++ {
				}
				switch {
				case i < len(line) && line[i] == 0x07:
				case i+1 < len(line) && line[i] == 0x1b && line[i+1] == '\\':
					i++
				default:
					return false
				}
			default:
				return false
			}
			continue
		}
		cells := 1
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(line[i:])
			if r == utf8.RuneError {
				return false
			}
			if r >= 0x1100 {
				cells = 2
			}
			i += size - 1
		}
		if n += cells; n > w {
			return false
		}
	}
	return true
}

// Count formats n with thousands separators.
func Count(n int) string {
	s := strconv.Itoa(max(n, 0))
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
