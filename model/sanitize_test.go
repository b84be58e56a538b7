package model

import (
	"strings"
	"testing"
	"unicode"
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
	for _, r := range s {
		if r == 0x1b || r == 0x7f || unicode.IsControl(r) || r == unicode.ReplacementChar || unicode.Is(unicode.Bidi_Control, r) {
			t.Fatalf("%q still contains %U", s, r)
		}
	}
}

// FuzzSanitize checks the invariant on any input: nothing that a terminal
// would interpret survives, and sanitising twice changes nothing.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"\x1b]52;c;x\x07", "\x9b1m", "a\rb", "\x1bP\x1b\\", "ok"} {
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
