package model

import (
	"fmt"
	"sort"
	"strings"
)

// Environment names a cloud: where operators sign in and which portals
// serve them. Partner Center's API host is the same for both.
type Environment string

// The environments mcgdash knows.
const (
	EnvGermany Environment = "germany" // Microsoft Cloud Germany
	EnvGlobal  Environment = "global"  // the worldwide cloud
)

// Cloud holds an environment's fixed endpoints.
type Cloud struct {
	Env         Environment
	DisplayName string
	// Authority is the sign-in host, without a tenant.
	Authority string
	// Graph is Microsoft Graph's root for this cloud.
	Graph string
	// AzurePortal is the Azure portal's root for this cloud.
	AzurePortal string
	// PowerShellName is what Microsoft's PowerShell modules call it.
	PowerShellName string
}

// PartnerCenterAPI is Partner Center's REST root, for both environments.
const PartnerCenterAPI = "https://api.partnercenter.microsoft.com"

// PartnerCenterScope is the delegated scope for Partner Center, every environment.
const PartnerCenterScope = "https://api.partnercenter.microsoft.com/user_impersonation"

var clouds = map[Environment]Cloud{
	EnvGermany: {
		Env: EnvGermany, DisplayName: "Microsoft Cloud Germany",
		Authority: "https://login.microsoftonline.de", Graph: "https://graph.microsoft.de",
		AzurePortal: "https://portal.microsoftazure.de", PowerShellName: "AzureGermanCloud",
	},
	EnvGlobal: {
		Env: EnvGlobal, DisplayName: "Microsoft Cloud (worldwide)",
		Authority: "https://login.microsoftonline.com", Graph: "https://graph.microsoft.com",
		AzurePortal: "https://portal.azure.com", PowerShellName: "AzureCloud",
	},
}

// CloudFor returns the endpoints of env.
func CloudFor(env Environment) (Cloud, bool) {
	c, ok := clouds[env]
	return c, ok
}

// ParseEnvironment accepts "germany" or "global" (and the PowerShell names),
// case-insensitively.
func ParseEnvironment(s string) (Environment, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "germany", "de", "azuregermancloud", "mcg":
		return EnvGermany, nil
	case "global", "worldwide", "azurecloud", "com":
		return EnvGlobal, nil
	}
	names := make([]string, 0, len(clouds))
	for e := range clouds {
		names = append(names, string(e))
	}
	sort.Strings(names)
	return "", fmt.Errorf("unknown environment %q: use one of %s", s, strings.Join(names, ", "))
}
