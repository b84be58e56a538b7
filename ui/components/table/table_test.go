package table

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// source is a fixed grid of cells.
type source [][]string

func (s source) Len() int                         { return len(s) }
func (s source) Cell(row, col int) (string, Tone) { return s[row][col], ToneNormal }
func (s source) Marked(int) bool                  { return false }

// TestSortIndicatorNeverCut: however narrow the sorted column, its header
// shows the arrow; the title gives way instead.
func TestSortIndicatorNeverCut(t *testing.T) {
	tests := []struct {
		col   Column
		desc  bool
		width int
		want  string
	}{
		{Column{Title: "Relation", Short: "Rel"}, false, 12, "Relation ▲"},
		{Column{Title: "Relation", Short: "Rel"}, false, 8, "Rel ▲"},
		{Column{Title: "Country", Short: "Ctry"}, true, 7, "Ctry ▼"},
		{Column{Title: "Country", Short: "Ctry"}, true, 5, "Ctry▼"},
		{Column{Title: "Subs", Align: AlignRight}, false, 4, "Sub▲"},
		{Column{Title: "Subs"}, true, 2, "S▼"},
		{Column{Title: "Subs"}, true, 1, "▼"},
	}
	for _, tt := range tests {
		tt.col.Min = tt.width
		m := New([]Column{tt.col}, Styles{})
		m.SetSize(tt.width+gutter, 3)
		m.SetSort(0, tt.desc)
		header := strings.TrimSpace(ansi.Strip(strings.Split(m.View(source{{"x"}}), "\n")[0]))
		if header != tt.want {
			t.Errorf("%q sorted in %d cells: header %q, want %q", tt.col.Title, tt.width, header, tt.want)
		}
	}
}

// TestLayoutGrowsToContent: room beyond Max goes to columns narrower than
// their content, and a Whole column gets all of its content or nothing.
func TestLayoutGrowsToContent(t *testing.T) {
	cols := []Column{
		{Title: "Name", Min: 10, Max: 20, Priority: 0},
		{Title: "Id", Min: 8, Whole: true, Priority: 1},
	}
	content := []int{30, 36}
	for _, tt := range []struct {
		width    int
		wantName int
		wantID   int
	}{
		{20, 10, 8},       // mins only
		{30, 20, 8},       // name to its Max
		{40, 30, 8},       // name to its content; not room for the whole id
		{40 + 28, 30, 36}, // whole id
		{40 + 27, 30, 8},  // one cell short: prefix only
		{200, 30, 36},     // spare room stays spare
	} {
		slots := layout(cols, content, tt.width)
		if slots[0].width != tt.wantName || slots[1].width != tt.wantID {
			t.Errorf("width %d: name %d id %d, want %d %d", tt.width, slots[0].width, slots[1].width, tt.wantName, tt.wantID)
		}
	}
}
