package sandbox

import (
	"encoding/binary"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// phaseWeights are the phases' relative durations (the real ones ran from
// hours to weeks; Azure resources and Exchange Online took longest). Their
// sum is migrationUnits.
var phaseWeights = []int{1, 2, 4, 8, 4, 5, 6, 3, 3, 3, 2, 1}

var migrationUnits = func() int {
	n := 0
	for _, w := range phaseWeights {
		n += w
	}
	return n
}()

// DefaultMigrationDuration is how long a migration takes at speed 1.
const DefaultMigrationDuration = 4 * time.Minute

// failures are the reasons a phase fails in the sandbox, by phase code.
var failures = []struct {
	phase  string
	reason string
}{
	{"exchangeOnline", "Mailbox move batch stalled: 3 mailboxes exceeded the 100 GB move limit; reduce them and retry."},
	{"sharePointOneDrive", "Site collection lock could not be released (a retention hold is active on 1 site)."},
	{"subscriptionTransition", "Offer mapping failed for 1 subscription: the worldwide offer is not available in the target region."},
	{"azureAD", "Directory synchronisation is still enabled in the source tenant; disable Azure AD Connect and retry."},
	{"skypeToTeams", "Teams upgrade policy could not be assigned to 2 users."},
}

// failurePlan decides, deterministically from the seed and the customer,
// whether attempt k of a customer's migration fails, in which phase and why.
// About one migration in four fails once; a retry always gets through.
func failurePlan(seed int64, customerTenantID string, attempt int) (phase int, reason string, fails bool) {
	if attempt > 0 {
		return 0, "", false
	}
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(seed))
	h.Write(b[:])
	h.Write([]byte(customerTenantID))
	x := h.Sum64()
	if x%4 != 0 {
		return 0, "", false
	}
	// Exchange Online is the most common failure, as it was in practice.
	f := failures[0]
	if pick := (x >> 8) % 10; pick >= 5 {
		f = failures[1+int(pick-5)%(len(failures)-1)]
	}
	return model.PhaseIndex(f.phase), f.reason, true
}

// attempt is one run of a migration: the start, or a retry from the failed
// phase.
type attempt struct {
	Phase int       `json:"phase"`
	Start time.Time `json:"start"`
	// By is the MS-RequestId that started it.
	By string `json:"requestId,omitempty"`
}

// phaseView is one phase as computed for a moment.
type phaseView struct {
	status     model.PhaseStatus
	start, end time.Time
	reason     string
}

// eventView is one computed event.
type eventView struct {
	at      time.Time
	typ     string
	phase   string
	message string
}

// migrationView is a migration as it stands at one moment.
type migrationView struct {
	status    model.MigrationStatus
	current   int
	phases    []phaseView
	events    []eventView
	completed time.Time
	reason    string
	modified  time.Time
}

// view computes the migration's state at now from its stored attempts: the
// sandbox stores only when each attempt began, so a migration started in one
// run has moved on by the next.
func (m *migrationRecord) view(seed int64, now time.Time) migrationView {
	return m.compute(seed, now, true)
}

// status computes the migration without its event log (lists, validation).
func (m *migrationRecord) status(seed int64, now time.Time) migrationView {
	return m.compute(seed, now, false)
}

func (m *migrationRecord) compute(seed int64, now time.Time, withEvents bool) migrationView {
	unit := time.Duration(m.UnitNanos)
	if unit <= 0 {
		unit = DefaultMigrationDuration / time.Duration(migrationUnits)
	}
	v := migrationView{status: model.MigrationProcessing, phases: make([]phaseView, len(model.MigrationPhases)), modified: m.Created}
	for i := range v.phases {
		v.phases[i].status = model.PhasePending
	}
	ev := func(at time.Time, typ string, phase int, msg string) {
		if at.After(now) {
			return
		}
		if !withEvents {
			if at.After(v.modified) {
				v.modified = at
			}
			return
		}
		code := ""
		if phase >= 0 {
			code = model.MigrationPhases[phase].Code
		}
		v.events = append(v.events, eventView{at: at, typ: typ, phase: code, message: msg})
		if at.After(v.modified) {
			v.modified = at
		}
	}
	ev(m.Created, "migrationCreated", -1, "Migration requested to tenant "+m.TargetTenantID+" for "+strconv.Itoa(len(m.SubscriptionIDs))+" subscription(s).")
	for k, a := range m.Attempts {
		if k > 0 {
			ev(a.Start, "retryRequested", a.Phase, "Retry requested from phase "+model.MigrationPhases[a.Phase].Name+".")
		}
		failPhase, reason, fails := failurePlan(seed, m.CustomerTenantID, k)
		t := a.Start
		v.status = model.MigrationProcessing
		v.reason = ""
		stopped := false
		for p := a.Phase; p < len(model.MigrationPhases); p++ {
			name := model.MigrationPhases[p].Name
			v.current = p
			if t.After(now) {
				stopped = true
				break
			}
			d := time.Duration(phaseWeights[p]) * unit
			v.phases[p] = phaseView{status: model.PhaseRunning, start: t}
			ev(t, "phaseStarted", p, name+" started.")
			if fails && p == failPhase {
				at := t.Add(d / 2)
				if !now.Before(at) {
					v.phases[p] = phaseView{status: model.PhaseFailed, start: t, end: at, reason: reason}
					v.status, v.reason = model.MigrationFailed, reason
					ev(at, "phaseFailed", p, name+" failed: "+reason)
				}
				stopped = true
				break
			}
			end := t.Add(d)
			if now.Before(end) {
				stopped = true
				break
			}
			v.phases[p] = phaseView{status: model.PhaseCompleted, start: t, end: end}
			ev(end, "phaseCompleted", p, name+" completed.")
			t = end
		}
		if !stopped {
			v.status = model.MigrationCompleted
			v.completed = t
			v.current = len(model.MigrationPhases) - 1
			ev(t, "migrationCompleted", -1, "Migration completed: the subscriptions are associated with tenant "+m.TargetTenantID+".")
		}
	}
	return v
}
