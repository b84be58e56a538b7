package model

import (
	"testing"
	"time"
)

func TestParseTimeRecordedForms(t *testing.T) {
	base := time.Date(2019, 4, 2, 13, 5, 9, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2019-04-02T13:05:09Z", base},
		{"2019-04-02T13:05:09.4Z", base.Add(400 * time.Millisecond)},
		{"2019-04-02T13:05:09.71Z", base.Add(710 * time.Millisecond)},
		{"2019-04-02T13:05:09.677Z", base.Add(677 * time.Millisecond)},
		{"2019-04-02T13:05:09.1234567+00:00", base.Add(123456700)},
		{"2019-04-02T15:05:09.1234567+02:00", base.Add(123456700)},
		{"2019-04-02T13:05:09", base},
		{"2019-04-02T13:05:09.1234567", base.Add(123456700)},
		{"2019-04-02", time.Date(2019, 4, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, ok := ParseTime(tt.in)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "tomorrow", "2019-13-02T00:00:00Z", "0001"} {
		if _, ok := ParseTime(bad); ok {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
}

func TestNoEnd(t *testing.T) {
	if got := DayText("9999-12-14T00:00:00Z"); got != NoEndText {
		t.Fatalf("DayText(9999-12-14) = %q", got)
	}
	if got := DayText("2025-03-31T00:00:00.677Z"); got != "2025-03-31" {
		t.Fatalf("DayText = %q", got)
	}
	if got := DayText("soon"); got != "soon" {
		t.Fatalf("DayText(soon) = %q", got)
	}
	_, never, ok := Subscription{CommitmentEnd: "9999-12-14T00:00:00Z"}.CommitmentEndTime()
	if !ok || !never {
		t.Fatalf("no-end subscription: never=%v ok=%v", never, ok)
	}
	end, never, ok := Subscription{CommitmentEnd: "2026-01-31T00:00:00"}.CommitmentEndTime()
	if !ok || never || end.Year() != 2026 {
		t.Fatalf("dated subscription: %v never=%v ok=%v", end, never, ok)
	}
}
