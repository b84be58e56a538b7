package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Sanitize makes text from an API safe to show in a terminal or write to a
// file: it removes escape sequences (CSI, OSC such as OSC 8 hyperlinks and
// OSC 52 clipboard writes, DCS, APC, PM, SOS), then every C0 and C1 control
// character (\r, \b, \a, ESC, DEL, U+0080–U+009F) and bytes that are not
// valid UTF-8. Bidirectional controls (U+202E and friends) go too, so a name
// cannot visually reorder a table row, and so do invisible zero-width
// spaces; joiners (ZWJ, ZWNJ), which real scripts need, stay. Tabs and
// newlines become a single space so one value always stays on one line.
// Sanitize is applied once, when data enters the program.
func Sanitize(s string) string {
	if isPlain(s) {
		return s
	}
	// Raw 8-bit C1 introducers (0x9B CSI, 0x9D OSC, 0x90 DCS …) are invalid
	// UTF-8; turn them into their 7-bit ESC forms so the stripper sees and
	// removes the whole sequence rather than leaving its parameters behind.
	s = sevenBitC1(s)
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n':
			b.WriteByte(' ')
		case r == utf8.RuneError, r == 0x7f, unicode.IsControl(r):
		case r >= 0x80 && r <= 0x9f:
		case unicode.Is(unicode.Bidi_Control, r), r == 0x200b, r == 0x2060, r == 0xfeff:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII, the common case, which needs
// no work at all.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// sevenBitC1 rewrites C1 controls, whether raw 8-bit bytes (invalid UTF-8)
// or UTF-8 encoded runes U+0080–U+009F (which xterm also obeys), into ESC +
// the equivalent 7-bit byte, so that the stripper sees and removes a whole
// sequence such as "\u009b31m" rather than leaving "31m" behind.
func sevenBitC1(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := r
		if r == utf8.RuneError && size == 1 {
			c = rune(s[i])
		}
		if c >= 0x80 && c <= 0x9f {
			b.WriteByte(0x1b)
			b.WriteByte(byte(c - 0x40))
		} else if r != utf8.RuneError || size != 1 {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
