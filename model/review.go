package model

import "strings"

// Decision is what the operator decided for a customer in a review.
type Decision string

// The decisions; DecisionNone is "not decided yet".
const (
	DecisionNone     Decision = ""
	DecisionMigrate  Decision = "migrate"
	DecisionSkip     Decision = "skip"
	DecisionFollowUp Decision = "follow-up"
)

// Decisions lists the decisions one can take, in the order keys offer them.
var Decisions = []Decision{DecisionMigrate, DecisionSkip, DecisionFollowUp}

// ParseDecision reads a decision as typed or exported ("Migrate",
// "follow up", "followup", "" for none).
func ParseDecision(s string) (Decision, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer(" ", "-", "_", "-").Replace(s)
	switch s {
	case "", "none", "-":
		return DecisionNone, true
	case "migrate":
		return DecisionMigrate, true
	case "skip":
		return DecisionSkip, true
	case "follow-up", "followup":
		return DecisionFollowUp, true
	}
	return DecisionNone, false
}

// CheckState is the outcome of a customer's pre-flight check (the
// eligibility validation); CheckNone is "not checked".
type CheckState string

// The check outcomes.
const (
	CheckNone     CheckState = ""
	CheckEligible CheckState = "eligible"
	CheckFailed   CheckState = "ineligible"
	// CheckError: the check itself could not be made (network, 5xx).
	CheckError CheckState = "error"
)

// ParseCheck reads a check outcome as exported.
func ParseCheck(s string) (CheckState, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none", "-":
		return CheckNone, true
	case "eligible", "passed", "ok":
		return CheckEligible, true
	case "ineligible", "failed", "not eligible":
		return CheckFailed, true
	case "error":
		return CheckError, true
	}
	return CheckNone, false
}
