package header

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestNarrowEnough: whenever the quick test lets a line through, it does
// fit; and it lets plain styled lines through.
func TestNarrowEnough(t *testing.T) {
	pieces := []string{"a", "Z", " ", "ü", "ß", "東", "京", "…", "👍", "e\u0301", "\t", "\x1b[1m", "\x1b[38;5;245m", "\x1b[m",
		"\x1b]8;;https://example.test\x07", "\x1b]8;;\x1b\\", "\x1b[", "\x1b]", "\x1b", "│",
		"©\uFE0F", "#\uFE0F\u20E3", "\u00ad", "\u200b", "🇩🇪", "ｱ", "\u1100", "\u115f", "\xff", "\u0300", "©", "#"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		w := r.IntN(25)
		if narrowEnough(s, w) && ansi.StringWidth(s) > w {
			t.Fatalf("narrowEnough(%q, %d) but it is %d wide", s, w, ansi.StringWidth(s))
		}
	}
	line := "\x1b[1m  Name ▲\x1b[m  \x1b[38;5;245mContoso GmbH\x1b[m"
	if !narrowEnough(line, 40) || narrowEnough(line, 10) {
		t.Errorf("a styled line: %v at 40, %v at 10", narrowEnough(line, 40), narrowEnough(line, 10))
	}
	if got := Clip("abcdef", 4); got != "abc…" {
		t.Errorf("Clip = %q", got)
	}
}
