package customers

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/review"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
)

// x exports the marked customers (or, with none marked, the rows the
// filter shows, in their order) to a CSV or JSON file: a prompt for the
// path with a default under the current directory, the format from its
// extension, and a confirmation before a file is overwritten.

// overwriteID names the confirmation of an overwrite.
const overwriteID = "customers.export.overwrite"

// exportedMsg ends an export.
type exportedMsg struct {
	owner *Model
	path  string
	n     int
	// exists says the file was there and nothing was written.
	exists bool
	err    error
}

// exportJob is an export waiting for its path or its confirmation.
type exportJob struct {
	rows []review.Row
	what string
	path string
}

// now is the clock for default file names; tests set it.
var now = time.Now

// startExport opens the path prompt.
func (m *Model) startExport() tea.Cmd {
	var idx []int32
	what := ""
	if len(m.marked) > 0 {
		for id := range m.marked {
			if i, ok := m.st.byID[id]; ok {
				idx = append(idx, i)
			}
		}
		what = count(len(idx)) + " marked"
		// In the table's order.
		pos := make(map[int32]int, m.st.len())
		for k, i := range m.st.everyone() {
			pos[i] = k
		}
		sortBy(idx, func(i int32) int { return pos[i] })
	} else {
		idx = m.st.shown
		what = "the " + count(len(idx)) + " rows shown"
	}
	if len(idx) == 0 {
		return common.StatusCmd(common.Info, "Nothing to export: no rows shown")
	}
	rows := make([]review.Row, len(idx))
	for k, i := range idx {
		rows[k] = m.exportRow(i)
	}
	m.export = &exportJob{rows: rows, what: what}
	m.exporting = true
	m.exportInput.Prompt = "export " + what + " to: "
	m.exportInput.SetValue("mcgdash-review-" + now().Format("20060102-150405") + ".csv")
	m.exportInput.CursorEnd()
	m.layout()
	return m.exportInput.Focus()
}

// exportRow is customer i as exported: the table's columns and the
// review's state.
func (m *Model) exportRow(i int32) review.Row {
	id := m.st.id(i)
	_, marked := m.marked[id]
	d, c, why := m.Decision(id)
	r := review.Row{Entry: review.Entry{CustomerID: id, Name: m.st.field(i, dName), Marked: marked, Decision: d,
		Check: c, CheckReason: why, Note: m.Note(id)},
		Domain: m.st.field(i, dDomain), Tenant: m.st.field(i, dTenant), Country: m.st.field(i, dCountry)}
	if s := m.st.sums[i]; s.state == summaryKnown {
		r.Subs, r.Status = strconv.Itoa(int(s.count)), string(s.Status())
	}
	return r
}

func (m *Model) onExportKey(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			m.exporting, m.export = false, nil
			m.exportInput.Blur()
			m.layout()
			return common.StatusCmd(common.Info, "Export cancelled")
		case "enter":
			path := strings.TrimSpace(common.JoinLines(m.exportInput.Value()))
			if path == "" {
				return common.StatusCmd(common.Warning, "Type a file name, or esc")
			}
			m.exporting = false
			m.exportInput.Blur()
			m.layout()
			m.export.path = path
			return m.writeExport(false)
		}
	}
	var cmd tea.Cmd
	m.exportInput, cmd = m.exportInput.Update(msg)
	return cmd
}

// formatOf is the export format a path asks for by its extension.
func formatOf(path string) string {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return "json"
	}
	return "csv"
}

// writeExport writes the pending export, off the UI loop; it creates the
// file only if it does not exist, unless overwrite was confirmed.
func (m *Model) writeExport(overwrite bool) tea.Cmd {
	job := m.export
	if job == nil {
		return nil
	}
	return func() tea.Msg {
		var b bytes.Buffer
		if err := review.Write(&b, formatOf(job.path), job.rows); err != nil {
			return exportedMsg{owner: m, path: job.path, err: err}
		}
		flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if overwrite {
			flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := os.OpenFile(job.path, flags, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return exportedMsg{owner: m, path: job.path, exists: true}
		}
		if err != nil {
			return exportedMsg{owner: m, path: job.path, err: err}
		}
		_, err = f.Write(b.Bytes())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return exportedMsg{owner: m, path: job.path, n: len(job.rows), err: err}
	}
}

func (m *Model) onExported(msg exportedMsg) tea.Cmd {
	switch {
	case msg.exists:
		return common.Push(confirm.New(m.c, confirm.Options{
			ID:       overwriteID,
			Question: "Overwrite " + model.Sanitize(msg.path) + "?",
			Effect:   "It exists; its content is replaced by " + m.export.what + ".",
		}))
	case msg.err != nil:
		m.export = nil
		return common.StatusCmd(common.Error, "Export failed: "+msg.err.Error())
	}
	m.export = nil
	abs, err := filepath.Abs(msg.path)
	if err != nil {
		abs = msg.path
	}
	return common.StatusCmd(common.Success, "Exported "+count(msg.n)+" customers to "+abs)
}

func (m *Model) onConfirm(msg confirm.Answer) tea.Cmd {
	if msg.ID != overwriteID || m.export == nil {
		return nil
	}
	if !msg.Yes {
		m.export = nil
		return common.StatusCmd(common.Info, "Not exported: the file was left as it was")
	}
	return m.writeExport(true)
}

// sortBy sorts idx by key.
func sortBy(idx []int32, key func(int32) int) {
	keys := make(map[int32]int, len(idx))
	for _, i := range idx {
		keys[i] = key(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return keys[a] - keys[b] })
}
