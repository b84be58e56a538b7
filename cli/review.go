package cli

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/review"
)

// reviewKey names the review of this environment and partner: the cloud
// and the partner's tenant, the endpoint, or the sandbox and its seed
// (another seed is other customers).
func reviewKey(cfg *Config) string {
	env := string(cfg.Env)
	switch {
	case cfg.PartnerCenterURL != "":
		return env + "/" + strings.TrimRight(cfg.PartnerCenterURL, "/")
	case cfg.Tenant != "":
		return env + "/" + strings.ToLower(cfg.Tenant)
	}
	return env + "/sandbox-seed-" + strconv.FormatInt(int64(cfg.Sandbox.Seed), 10)
}

// openReview opens the review of this environment and partner in the
// state directory.
func openReview(cfg *Config) (*review.Store, error) {
	dir, err := client.StateDir()
	if err != nil {
		return nil, err
	}
	return review.Open(filepath.Join(dir, review.FileName), reviewKey(cfg))
}
