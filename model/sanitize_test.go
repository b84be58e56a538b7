package model

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ascii untouched", "Contoso GmbH", "Contoso GmbH"},
		{"umlauts kept", "Müller & Söhne AG", "Müller & Söhne AG"},
		{"wide runes kept", "東京 KK", "東京 KK"},
		{"OSC 52 clipboard write (BEL)", "Evil\x1b]52;c;cm0gLXJmIH4=\x07 GmbH", "Evil GmbH"},
		{"OSC 52 clipboard write (ST)", "Evil\x1b]52;c;cm0gLXJmIH4=\x1b\\ GmbH", "Evil GmbH"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x07Contoso\x1b]8;;\x07", "Contoso"},
		{"CSI colour", "\x1b[31mRED\x1b[0m AG", "RED AG"},
		{"CSI cursor movement", "A\x1b[2J\x1b[HB", "AB"},
		{"DCS", "x\x1bP1$r0m\x1b\\y", "xy"},
		{"APC", "x\x1b_payload\x1b\\y", "xy"},
		{"carriage return rewinds a row", "FAILED acct-42 \rOK", "FAILED acct-42 OK"},
		{"backspace", "abc\b\b\bxyz", "abcxyz"},
		{"bell and NUL", "a\x07b\x00c", "abc"},
		{"DEL", "a\x7fb", "ab"},
		{"C1 as UTF-8 (NEL, CSI)", "a\u0085b\u009b31mc", "abc"},
		{"raw 8-bit CSI", "a\x9b31mb", "ab"},
		{"raw 8-bit OSC", "a\x9d8;;http://x\x9cb", "ab"},
		{"invalid UTF-8 dropped", "a\xff\xfeb", "ab"},
		{"tab and newline become spaces", "a\tb\nc", "a b c"},
		{"lone ESC", "a\x1bb", "a"},
		{"bidi override reorders a row", "Contoso \u202eHbmG\u202c AG", "Contoso HbmG AG"},
		{"bidi isolates and marks", "a\u2066b\u2069c\u200fd", "abcd"},
		{"zero-width space and BOM", "Con\u200btoso\ufeff", "Contoso"},
		{"joiners kept", "👩\u200d💻", "👩\u200d💻"},
		{"ZWNJ kept inside a word", "می\u200cخواهم", "می\u200cخواهم"},
		{"joiners at the edges dropped", "\u200dContoso\u200c", "Contoso"},
		{"joiner beside a space dropped", "a \u200db", "a b"},
		{"soft hyphen", "Con\u00adtoso", "Contoso"},
		{"Hangul fillers", "A\u115f\u1160B\u3164C\uffa0D", "ABCD"},
		{"tag characters", "flag\U000e0067\U000e0062\U000e007f", "flag"},
		{"line and paragraph separators", "a\u2028b\u2029c", "a b c"},
		{"invisible operators", "a\u2061\u2062\u2063\u2064b", "ab"},
		{"deprecated format characters", "a\u206a\u206fb", "ab"},
		{"interlinear annotations", "a\ufff9b\ufffac\ufffb", "abc"},
		{"variation selector after nothing", "\ufe0fContoso", "Contoso"},
		{"variation selector after a space", "a \ufe0fb", "a b"},
		{"variation selector on a character kept", "\u2764\ufe0f", "\u2764\ufe0f"},
		{"umlaut as a combining mark kept", "Mu\u0308ller", "Mu\u0308ller"},
		{"unterminated OSC keeps the printable rest", "Contoso\x1b]8;;GmbH", "Contoso8;;GmbH"},
		{"unterminated DCS keeps the rest", "a\x1bPqb c", "aqb c"},
		{"raw 8-bit OSC unterminated", "a\x9d52;c;x b", "a52;c;x b"},
		{"an OSC ended by the next one", "x\x1b]a \x1b]8;;u\x07y", "xy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			assertPrintable(t, got)
		})
	}
}

func assertPrintable(t *testing.T, s string) {
	t.Helper()
	marks := 0
	for _, r := range s {
		if r == 0x1b || r == 0x7f || unicode.IsControl(r) || r == unicode.ReplacementChar || unicode.Is(unicode.Bidi_Control, r) {
			t.Fatalf("%q still contains %U", s, r)
		}
		if unicode.Is(unicode.Cf, r) && r != 0x200c && r != 0x200d {
			t.Fatalf("%q still contains the format character %U", s, r)
		}
		if r == 0x115f || r == 0x3164 || r == 0x2028 || r == 0x2029 {
			t.Fatalf("%q still contains the invisible %U", s, r)
		}
		if unicode.In(r, unicode.Mn, unicode.Me) {
			if marks++; marks > 4 {
				t.Fatalf("%q stacks more than 4 combining marks", s)
			}
		} else {
			marks = 0
		}
	}
	if n := utf8.RuneCountInString(s); n > MaxFieldLen {
		t.Fatalf("%d characters, more than MaxFieldLen", n)
	}
}

func TestSanitizeCapsLength(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	got := Sanitize(long)
	if n := utf8.RuneCountInString(got); n != MaxFieldLen || !strings.HasSuffix(got, "…") {
		t.Fatalf("ASCII: %d runes, suffix %q", n, got[len(got)-5:])
	}
	got = Sanitize(strings.Repeat("ü", 1000))
	if n := utf8.RuneCountInString(got); n != MaxFieldLen || !strings.HasSuffix(got, "ü…") {
		t.Fatalf("non-ASCII: %d runes", n)
	}
	exact := strings.Repeat("ü", MaxFieldLen)
	if got := Sanitize(exact); got != exact {
		t.Fatalf("a value of exactly MaxFieldLen characters was cut")
	}
	if got := Sanitize(strings.Repeat("a", MaxFieldLen)); got != strings.Repeat("a", MaxFieldLen) {
		t.Fatalf("an ASCII value of exactly MaxFieldLen characters was cut")
	}
}

func TestSanitizeCapsCombiningMarks(t *testing.T) {
	zalgo := "Z" + strings.Repeat("\u0301", 100) + "algo"
	got := Sanitize(zalgo)
	if want := "Z" + strings.Repeat("\u0301", 4) + "algo"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	// A million marks: only the start is read, and the cut is marked.
	got = Sanitize("Z" + strings.Repeat("\u0301", 1_000_000) + "algo")
	if want := "Z" + strings.Repeat("\u0301", 4) + "…"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// FuzzSanitize checks the invariant on any input: nothing that a terminal
// would interpret survives, and sanitising twice changes nothing.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"\x1b]52;c;x\x07", "\x9b1m", "a\rb", "\x1bP\x1b\\", "ok", "Con\u00adtoso",
		"\ufe0f\u200d👩\u200d💻", "a\x1b]8;;b", "Z\u0301\u0301\u0301\u0301\u0301\u0301", strings.Repeat("ü", 401)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		assertPrintable(t, out)
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if strings.ContainsAny(out, "\x1b\r\b\a") {
			t.Fatalf("control left in %q", out)
		}
	})
}

func BenchmarkSanitizePlain(b *testing.B) {
	for b.Loop() {
		Sanitize("Nordwind Logistik GmbH & Co. KG")
	}
}

func BenchmarkSanitizeUmlauts(b *testing.B) {
	for b.Loop() {
		Sanitize("Müller & Söhne Kältetechnik GmbH & Co. KG")
	}
}

// BenchmarkSanitizeZalgo: a name of a million combining marks costs one
// pass at ingest and is 5 runes afterwards.
func BenchmarkSanitizeZalgo(b *testing.B) {
	z := "Z" + strings.Repeat("\u0301", 1_000_000)
	for b.Loop() {
		Sanitize(z)
	}
}
