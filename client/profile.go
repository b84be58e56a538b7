package client

import (
	"context"
	"fmt"

	"github.com/mcgdash/mcgdash/model"
)

// OrganizationProfile is the signed-in partner's own profile.
type OrganizationProfile struct {
	CompanyName string
	TenantID    string
	Domain      string
}

// GetOrganizationProfile fetches GET /v1/profiles/organization.
func (c *Client) GetOrganizationProfile(ctx context.Context) (OrganizationProfile, error) {
	u, err := c.urlFor("/v1/profiles/organization")
	if err != nil {
		return OrganizationProfile{}, err
	}
	var w struct {
		CompanyName string `json:"companyName"`
		TenantID    string `json:"tenantId"`
		Domain      string `json:"domain"`
	}
	if err := c.getJSON(ctx, u, nil, &w); err != nil {
		return OrganizationProfile{}, fmt.Errorf("get partner profile: %w", err)
	}
	return OrganizationProfile{
		CompanyName: model.Sanitize(w.CompanyName),
		TenantID:    model.Sanitize(w.TenantID),
		Domain:      model.Sanitize(w.Domain),
	}, nil
}
