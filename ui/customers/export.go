package customers

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"maps"
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
	src  *exportSource
	what string
	path string
}

// exportSource is what an export reads off the UI loop, so that a million
// rows are neither built nor held on it: the customers to write, in order,
// the store's arrays (whose customers nobody rewrites while store.readers
// counts the export: fresher copies wait in repl), and copies of what the
// UI loop changes in place: statuses, the review's entries, the fresher
// copies waiting when the export began. Marks are read from the records'
// atomic state.
type exportSource struct {
	idx     []int32
	disp    []display
	recs    []model.Record
	sums    []summary
	entries map[string]entry
	repl    map[int32]*batch
}

func (x *exportSource) row(i int32) review.Row {
	d, r := &x.disp[i], &x.recs[i]
	if b, ok := x.repl[i]; ok {
		d = &b.disp[0]
	}
	id := d.field(r, dID)
	e := x.entries[id]
	row := review.Row{Entry: review.Entry{CustomerID: id, Name: d.field(r, dName), Marked: r.Marked(), Decision: e.decision,
		Check: e.check, CheckReason: e.checkReason, Note: e.note},
		Domain: d.field(r, dDomain), Tenant: d.field(r, dTenant), Country: d.field(r, dCountry)}
	if row.Decision == "" {
		row.Decision = model.DecisionNone
	}
	if row.Check == "" {
		row.Check = model.CheckNone
	}
	if s := x.sums[i]; s.state == summaryKnown {
		row.Subs, row.Status = strconv.Itoa(int(s.count)), string(s.Status())
	}
	return row
}

// now is the clock for default file names; tests set it.
var now = time.Now

// startExport opens the path prompt.
func (m *Model) startExport() tea.Cmd {
	var idx []int32
	what := ""
	if len(m.marked) > 0 {
		// In the table's order (customers not placed yet last); a
		// record says whether its customer is marked.
		for _, i := range m.st.everyone() {
			if m.st.recs[i].Marked() {
				idx = append(idx, i)
			}
		}
		what = count(len(idx)) + " marked"
	} else {
		idx = slices.Clone(m.st.shown)
		what = "the " + count(len(idx)) + " rows shown"
	}
	if len(idx) == 0 {
		return common.StatusCmd(common.Info, "Nothing to export: no rows shown")
	}
	st := &m.st
	n := st.len()
	src := &exportSource{idx: idx, disp: st.disp[:n:n], recs: st.recs[:n:n], sums: slices.Clone(st.sums),
		entries: make(map[string]entry, len(m.entries)), repl: maps.Clone(st.repl)}
	for id, e := range m.entries {
		src.entries[id] = *e
	}
	st.readers++
	m.export = &exportJob{src: src, what: what}
	m.exporting = true
	m.exportInput.Prompt = "export " + what + " to: "
	m.exportInput.SetValue("mcgdash-review-" + now().Format("20060102-150405") + ".csv")
	m.exportInput.CursorEnd()
	m.layout()
	return m.exportInput.Focus()
}

func (m *Model) onExportKey(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			m.exporting = false
			m.endExport()
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

// writeExport writes the pending export, off the UI loop, a row at a time
// through a buffer; it creates the file only if it does not exist, unless
// overwrite was confirmed. A file it created is removed if writing fails.
func (m *Model) writeExport(overwrite bool) tea.Cmd {
	job := m.export
	if job == nil {
		return nil
	}
	return func() tea.Msg {
		path := job.path
		flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if overwrite {
			flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := os.OpenFile(path, flags, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return exportedMsg{owner: m, path: path, exists: true}
		}
		if err != nil {
			return exportedMsg{owner: m, path: path, err: err}
		}
		err = job.src.write(f, formatOf(path))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil && !overwrite {
			_ = os.Remove(path)
		}
		return exportedMsg{owner: m, path: path, n: len(job.src.idx), err: err}
	}
}

// write writes the export to w in format.
func (x *exportSource) write(w io.Writer, format string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	rw, err := review.NewRowWriter(bw, format)
	if err != nil {
		return err
	}
	for _, i := range x.idx {
		if err := rw.Write(x.row(i)); err != nil {
			return err
		}
	}
	if err := rw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// endExport lets go of the export, and of the store's arrays it read.
func (m *Model) endExport() {
	if m.export != nil {
		m.export = nil
		m.st.readers--
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
		m.endExport()
		return common.StatusCmd(common.Error, "Export failed: "+msg.err.Error())
	}
	m.endExport()
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
		m.endExport()
		return common.StatusCmd(common.Info, "Not exported: the file was left as it was")
	}
	return m.writeExport(true)
}
