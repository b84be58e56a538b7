package model

import (
	"strings"
	"time"
)

// Partner Center writes timestamps with 0 to 7 fraction digits
// (".4Z", ".677Z", ".1234567+00:00") and sometimes without a zone, which
// means UTC. Its "never ends" is a date in the year 9999
// (9999-12-14T00:00:00Z in recordings).

// ParseTime reads a Partner Center timestamp; ok is false for anything
// else, including an empty string.
func ParseTime(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 {
		return time.Time{}, false
	}
	// Go accepts a fraction of any length after the seconds even when the
	// layout has none.
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// NeverEnds reports whether t is Partner Center's "no end" date.
func NeverEnds(t time.Time) bool { return t.Year() >= 9999 }

// NoEndText is how a date that never comes is shown.
const NoEndText = "no end"

// DayText shows a Partner Center timestamp as a day (2025-03-31), "no end"
// for the year-9999 date, or the text itself if it is not a timestamp.
func DayText(s string) string {
	t, ok := ParseTime(s)
	switch {
	case !ok:
		return s
	case NeverEnds(t):
		return NoEndText
	}
	return t.Format(time.DateOnly)
}

// CommitmentEndTime is when the subscription's commitment ends. never is
// true for Partner Center's "no end"; ok is false when the date is absent
// or unreadable.
func (s Subscription) CommitmentEndTime() (t time.Time, never, ok bool) {
	t, ok = ParseTime(s.CommitmentEnd)
	if !ok {
		return time.Time{}, false, false
	}
	return t, NeverEnds(t), true
}
