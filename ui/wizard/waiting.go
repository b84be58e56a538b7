package wizard

import (
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"time"

	"github.com/mcgdash/mcgdash/internal/securefile"
	"github.com/mcgdash/mcgdash/model"
)

// waitingFile holds the customers waiting for a new CSP account in a
// European region (path B), in the state directory, so that they are still
// known after a restart or a dropped SSH session.
const waitingFile = "waiting-for-account.json"

// Waiting is a customer remembered as waiting for a new account.
type Waiting struct {
	ID          string    `json:"id"`
	TenantID    string    `json:"tenantId"`
	CompanyName string    `json:"companyName"`
	Domain      string    `json:"domain"`
	Since       time.Time `json:"since"`
}

func (w Waiting) customer() model.Customer {
	return model.Customer{ID: w.ID, TenantID: w.TenantID, CompanyName: w.CompanyName, Domain: w.Domain}
}

// LoadWaiting reads the customers waiting in dir; none when dir is "" or
// nothing was remembered.
func LoadWaiting(dir string) ([]Waiting, error) {
	if dir == "" {
		return nil, nil
	}
	raw, err := securefile.ReadFile(filepath.Join(dir, waitingFile), 4<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ws []Waiting
	if err := json.Unmarshal(raw, &ws); err != nil {
		return nil, errors.New("the list of customers waiting for a new account is unreadable: " + filepath.Join(dir, waitingFile))
	}
	for i := range ws {
		ws[i].ID, ws[i].TenantID = model.Sanitize(ws[i].ID), model.Sanitize(ws[i].TenantID)
		ws[i].CompanyName, ws[i].Domain = model.Sanitize(ws[i].CompanyName), model.Sanitize(ws[i].Domain)
	}
	return ws, nil
}

// saveWaiting replaces the list in dir (mode 0600, never through a link).
func saveWaiting(dir string, ws []Waiting) error {
	if dir == "" {
		return nil
	}
	if err := securefile.PrivateDir(dir); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(ws, "", "  ")
	if err != nil {
		return err
	}
	return securefile.WriteFile(filepath.Join(dir, waitingFile), raw)
}

// addWaiting remembers cs as waiting (once each) and returns the list.
func addWaiting(dir string, cs []model.Customer, now time.Time) ([]Waiting, error) {
	ws, err := LoadWaiting(dir)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if slices.ContainsFunc(ws, func(w Waiting) bool { return w.ID == c.ID }) {
			continue
		}
		ws = append(ws, Waiting{ID: c.ID, TenantID: c.TenantID, CompanyName: c.CompanyName, Domain: c.Domain, Since: now.UTC()})
	}
	return ws, saveWaiting(dir, ws)
}

// removeWaiting forgets the customers whose migration started.
func removeWaiting(dir string, ids []string) error {
	ws, err := LoadWaiting(dir)
	if err != nil || len(ws) == 0 {
		return err
	}
	kept := slices.DeleteFunc(ws, func(w Waiting) bool { return slices.Contains(ids, w.ID) })
	return saveWaiting(dir, kept)
}
