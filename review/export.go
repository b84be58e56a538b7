package review

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// Row is one customer of an export: the review's entry and, when the
// export is made from the dashboard, what the table shows of it.
type Row struct {
	Entry
	Domain  string
	Tenant  string
	Country string
	Subs    string
	Status  string
}

// Columns are the CSV export's header, in order; import reads the same
// names (customer_id and decision at least).
var Columns = []string{"customer_id", "name", "domain", "tenant_id", "country", "subs", "status",
	"marked", "decision", "check", "check_reason", "note", "updated"}

// CSVSafe keeps a spreadsheet from running a cell as a formula: a value
// that starts with = + - @ (tab and CR are removed by model.Sanitize) gets
// a leading apostrophe, as OWASP advises for CSV exports. Import takes it
// off again.
func CSVSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// unsafe undoes CSVSafe.
func unsafe(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteCSV writes rows as CSV with a header line (Columns).
func WriteCSV(w io.Writer, rows []Row) error { return writeAll(w, "csv", rows) }

// WriteJSON writes rows as an indented JSON array.
func WriteJSON(w io.Writer, rows []Row) error { return writeAll(w, "json", rows) }

// Write writes rows in format, "csv" or "json".
func Write(w io.Writer, format string, rows []Row) error { return writeAll(w, format, rows) }

func writeAll(w io.Writer, format string, rows []Row) error {
	rw, err := NewRowWriter(w, format)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := rw.Write(r); err != nil {
			return err
		}
	}
	return rw.Close()
}

// jsonRow is a Row on the wire.
type jsonRow struct {
	CustomerID  string `json:"customerId"`
	Name        string `json:"name,omitempty"`
	Domain      string `json:"domain,omitempty"`
	TenantID    string `json:"tenantId,omitempty"`
	Country     string `json:"country,omitempty"`
	Subs        string `json:"subs,omitempty"`
	Status      string `json:"status,omitempty"`
	Marked      bool   `json:"marked"`
	Decision    string `json:"decision"`
	Check       string `json:"check"`
	CheckReason string `json:"checkReason,omitempty"`
	Note        string `json:"note,omitempty"`
	Updated     string `json:"updated,omitempty"`
}

// RowWriter writes rows one at a time, so that an export of a million
// customers never holds them all: CSV with a header line, or an indented
// JSON array. Close ends the document; it does not close w.
type RowWriter struct {
	csv  *csv.Writer
	w    io.Writer
	n    int
	cell []string
}

// NewRowWriter starts a document in format, "csv" or "json".
func NewRowWriter(w io.Writer, format string) (*RowWriter, error) {
	switch format {
	case "csv":
		rw := &RowWriter{csv: csv.NewWriter(w), cell: make([]string, len(Columns))}
		return rw, rw.csv.Write(Columns)
	case "json":
		return &RowWriter{w: w}, nil
	}
	return nil, fmt.Errorf("unknown export format %q (csv or json)", format)
}

// Write adds one row.
func (rw *RowWriter) Write(r Row) error {
	rw.n++
	if rw.csv != nil {
		copy(rw.cell, []string{r.CustomerID, r.Name, r.Domain, r.Tenant, r.Country, r.Subs, r.Status,
			yesNo(r.Marked), string(r.Decision), string(r.Check), r.CheckReason, r.Note, stamp(r.Updated)})
		for k := range rw.cell {
			rw.cell[k] = CSVSafe(model.Sanitize(rw.cell[k]))
		}
		return rw.csv.Write(rw.cell)
	}
	b, err := json.MarshalIndent(jsonRow{CustomerID: r.CustomerID, Name: r.Name, Domain: r.Domain, TenantID: r.Tenant, Country: r.Country,
		Subs: r.Subs, Status: r.Status, Marked: r.Marked, Decision: string(r.Decision), Check: string(r.Check),
		CheckReason: r.CheckReason, Note: r.Note, Updated: stamp(r.Updated)}, "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if rw.n == 1 {
		sep = "[\n  "
	}
	if _, err := io.WriteString(rw.w, sep); err != nil {
		return err
	}
	_, err = rw.w.Write(b)
	return err
}

// Close ends the document.
func (rw *RowWriter) Close() error {
	if rw.csv != nil {
		rw.csv.Flush()
		return rw.csv.Error()
	}
	end := "\n]\n"
	if rw.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(rw.w, end)
	return err
}

// Import is one row of an imported CSV: the decision (and, if the file
// has the columns, the note and the mark) for a customer.
type Import struct {
	Line     int
	ID       string
	Decision model.Decision
	Note     string
	HasNote  bool
	Marked   bool
	HasMark  bool
}

// LineError is a problem with one line of an import.
type LineError struct {
	Line int
	Msg  string
}

func (e LineError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Msg }

// ImportErrors are every problem found in an import; none of it was
// imported.
type ImportErrors []LineError

func (e ImportErrors) Error() string {
	parts := make([]string, len(e))
	for k, x := range e {
		parts[k] = x.Error()
	}
	return strings.Join(parts, "\n")
}

// ParseCSV reads decisions from a CSV a colleague edited: a header with
// customer_id (or id) and decision, optionally note and marked, in any
// order and case. known, if set, says whether a customer id exists. It
// returns every row or, if any line is wrong, every problem (by line) and
// no rows.
func ParseCSV(r io.Reader, known func(id string) bool) ([]Import, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a spreadsheet's BOM
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ImportErrors{{Line: 1, Msg: "the file is empty; it needs a header with customer_id and decision"}}
	}
	if err != nil {
		return nil, ImportErrors{{Line: 1, Msg: err.Error()}}
	}
	col := map[string]int{}
	for k, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		h = strings.NewReplacer(" ", "_", "-", "_").Replace(h)
		if h == "id" || h == "customerid" {
			h = "customer_id"
		}
		if _, dup := col[h]; !dup {
			col[h] = k
		}
	}
	idCol, ok := col["customer_id"]
	decCol, ok2 := col["decision"]
	if !ok || !ok2 {
		return nil, ImportErrors{{Line: 1, Msg: "the header needs customer_id and decision columns (it has: " + strings.Join(header, ", ") + ")"}}
	}
	noteCol, hasNote := col["note"]
	markCol, hasMark := col["marked"]
	var rows []Import
	var errs ImportErrors
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line := 0
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			errs = append(errs, LineError{Line: line, Msg: err.Error()})
			if pe == nil || pe.Err != csv.ErrFieldCount {
				break // the reader cannot go on after a quoting error
			}
			continue
		}
		line, _ = cr.FieldPos(0)
		cell := func(k int) string {
			if k < len(rec) {
				return model.Sanitize(unsafe(strings.TrimSpace(rec[k])))
			}
			return ""
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		im := Import{Line: line, ID: cell(idCol)}
		switch {
		case im.ID == "":
			errs = append(errs, LineError{Line: line, Msg: "no customer_id"})
			continue
		case known != nil && !known(im.ID):
			errs = append(errs, LineError{Line: line, Msg: "unknown customer " + strconv.Quote(im.ID)})
			continue
		}
		if prev, dup := seen[im.ID]; dup {
			errs = append(errs, LineError{Line: line, Msg: "customer " + im.ID + " is also on line " + strconv.Itoa(prev)})
			continue
		}
		seen[im.ID] = line
		d, ok := model.ParseDecision(cell(decCol))
		if !ok {
			errs = append(errs, LineError{Line: line, Msg: "decision " + strconv.Quote(cell(decCol)) + " is not migrate, skip, follow-up or empty"})
			continue
		}
		im.Decision = d
		if hasNote {
			im.Note, im.HasNote = cell(noteCol), true
		}
		if hasMark {
			switch strings.ToLower(cell(markCol)) {
			case "yes", "y", "true", "1", "x":
				im.Marked, im.HasMark = true, true
			case "no", "n", "false", "0", "":
				im.HasMark = true
			default:
				errs = append(errs, LineError{Line: line, Msg: "marked " + strconv.Quote(cell(markCol)) + " is not yes or no"})
				continue
			}
		}
		rows = append(rows, im)
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b LineError) int { return a.Line - b.Line })
		return nil, errs
	}
	return rows, nil
}

// ImportOps are the changes an import makes.
func ImportOps(rows []Import) []Op {
	var ops []Op
	for _, r := range rows {
		ops = append(ops, Decide(r.Decision, r.ID))
		if r.HasNote {
			ops = append(ops, SetNote(r.ID, r.Note))
		}
		if r.HasMark {
			ops = append(ops, Mark(r.Marked, r.ID))
		}
	}
	return ops
}

// Rows are the review's entries as export rows, by customer id.
func Rows(entries map[string]Entry) []Row {
	rows := make([]Row, 0, len(entries))
	for _, e := range entries {
		rows = append(rows, Row{Entry: e})
	}
	slices.SortFunc(rows, func(a, b Row) int { return strings.Compare(a.CustomerID, b.CustomerID) })
	return rows
}
