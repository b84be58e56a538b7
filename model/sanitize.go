package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// MaxFieldLen is the most characters (runes) Sanitize keeps of one value;
// a longer one is cut and ends in "…". No name, domain or description an
// operator needs to read is longer, and a megabyte-long "name" would cost
// every frame that draws it.
const MaxFieldLen = 400

// maxMarks is the most combining marks kept on one character. Real scripts
// stack two or three (Vietnamese, Hebrew points, Devanagari); "Zalgo" text
// stacks hundreds, and one frame drawing a name of a million marks took
// 1.4 s.
const maxMarks = 4

// Sanitize makes text from an API safe to show in a terminal or write to a
// file: it removes escape sequences (CSI, OSC such as OSC 8 hyperlinks and
// OSC 52 clipboard writes, DCS, APC, PM, SOS), then every C0 and C1 control
// character (\r, \b, \a, ESC, DEL, U+0080–U+009F) and bytes that are not
// valid UTF-8. A string sequence that is never terminated loses only its
// introducer: the rest of the value stays as text rather than vanishing.
//
// Invisible characters whose width terminals disagree on go too, since
// they shift every cell after them: format characters (Unicode category
// Cf: bidi controls such as U+202E, the soft hyphen U+00AD, zero-width
// spaces, U+2061–2064, U+206A–206F, U+FFF9–FFFB, tag characters
// U+E0000–E007F, the BOM), the Hangul fillers (U+115F, U+1160, U+3164,
// U+FFA0), and variation selectors that follow nothing. Joiners (ZWJ,
// ZWNJ), which real scripts and emoji need, stay between two visible
// characters. Tabs, newlines and U+2028/U+2029 become a single space so one
// value always stays on one line. At most four combining marks are kept on
// a character and at most MaxFieldLen characters of a value.
//
// Sanitize is applied once, when data enters the program; it is
// idempotent.
func Sanitize(s string) string { return sanitize(s, MaxFieldLen) }

// MaxMessageLen bounds SanitizeMessage: an error line that quotes a few
// values is longer than one field.
const MaxMessageLen = 2000

// SanitizeMessage is Sanitize for a whole message (an error line that
// quotes operator- or server-supplied values) rather than one field: the
// same rules, with room for MaxMessageLen characters.
func SanitizeMessage(s string) string { return sanitize(s, MaxMessageLen) }

func sanitize(s string, maxLen int) string {
	// Only so much input can yield maxLen characters of sense: read at most
	// 64 bytes a character (four marks, joiners, a few invisibles), so a
	// megabyte-long hostile value costs microseconds, not milliseconds.
	over := len(s) > 64*maxLen
	if over {
		s = s[:64*maxLen]
	}
	if isPlain(s) {
		if len(s) > maxLen {
			return s[:maxLen-1] + "…"
		}
		return s
	}
	// Raw 8-bit C1 introducers (0x9B CSI, 0x9D OSC, 0x90 DCS …) are invalid
	// UTF-8; turn them into their 7-bit ESC forms so the stripper sees and
	// removes the whole sequence rather than leaving its parameters behind.
	s = sevenBitC1(s)
	s = dropUnterminated(s)
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(min(len(s), 4*maxLen))
	n, marks, cutAt := 0, 0, 0
	prev := rune(-1) // the last rune written; -1 before the first
	for i, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == 0x2028 || r == 0x2029:
			r = ' '
		case dropped(r):
			continue
		case r == 0x200c || r == 0x200d:
			// ZWNJ and ZWJ join two visible characters, nothing else.
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if !visible(prev) || !visible(next) {
				continue
			}
		case isVariationSelector(r):
			// A variation selector modifies the character before it.
			if !visible(prev) {
				continue
			}
		}
		if r >= 0x300 && unicode.In(r, unicode.Mn, unicode.Me) {
			if marks >= maxMarks {
				continue
			}
			marks++
		} else {
			marks = 0
		}
		if n == maxLen {
			return b.String()[:cutAt] + "…"
		}
		if n == maxLen-1 {
			cutAt = b.Len()
		}
		b.WriteRune(r)
		prev = r
		n++
	}
	if over {
		return b.String() + "…"
	}
	return b.String()
}

// dropped reports whether r never reaches the output: controls, invalid
// UTF-8, format characters, and characters that are blank yet not spaces.
func dropped(r rune) bool {
	switch {
	case r == utf8.RuneError, r == 0x7f, unicode.IsControl(r):
		return true
	case r == 0x200c || r == 0x200d:
		return false // decided by their neighbours
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Bidi_Control, r):
		return true
	case r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0:
		return true // Hangul fillers: blank, of disputed width
	}
	return false
}

// visible reports whether r is a character a joiner or selector can
// attach to: not a space, not a joiner, selector or anything dropped.
func visible(r rune) bool {
	return r > ' ' && r != 0x200c && r != 0x200d && r != 0x2028 && r != 0x2029 &&
		!isVariationSelector(r) && !dropped(r) && !unicode.IsSpace(r)
}

func isVariationSelector(r rune) bool {
	return (r >= 0xfe00 && r <= 0xfe0f) || (r >= 0xe0100 && r <= 0xe01ef) || (r >= 0x180b && r <= 0x180d) || r == 0x180f
}

// dropUnterminated removes the introducer (ESC ] / P / _ / ^ / X) of a
// string sequence that is never terminated, so that the stripper does not
// swallow the rest of the value with it: what follows is printed as text,
// harmless once the ESC is gone.
func dropUnterminated(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != 0x1b || i+1 >= len(s) || !strings.ContainsRune("]P_^X", rune(s[i+1])) {
			b.WriteByte(c)
			continue
		}
		rest := s[i+2:]
		terminated := strings.Contains(rest, "\x1b\\") || (s[i+1] == ']' && strings.IndexByte(rest, 0x07) >= 0)
		if terminated {
			b.WriteByte(c)
			continue
		}
		i++ // drop ESC and the introducer
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
