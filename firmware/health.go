package firmware

import "time"

// HealthState is a portal's own word on how it is.
type HealthState string

// Health states.
const (
	HealthOK       HealthState = "ok"
	HealthDegraded HealthState = "degraded"
	HealthDown     HealthState = "down"
)

// Valid reports whether s is a known state.
func (s HealthState) Valid() bool { return s == HealthOK || s == HealthDegraded || s == HealthDown }

// ServiceHealth is the state of one service behind the portal.
type ServiceHealth struct {
	ID     string      `json:"id"`
	Name   string      `json:"name"`
	Status HealthState `json:"status"`
}

// Health is the answer of GET /v1/health.
type Health struct {
	Status   HealthState     `json:"status"`
	Time     time.Time       `json:"time"`
	Services []ServiceHealth `json:"services"`
}

// Validate returns an EBADANSWER error when a required field is missing.
func (h *Health) Validate() error {
	if !h.Status.Valid() {
		return Errorf(EBADANSWER, "health: unknown status %q", h.Status)
	}
	for i, s := range h.Services {
		if s.ID == "" || !s.Status.Valid() {
			return Errorf(EBADANSWER, "health: service %d lacks an id or a valid status", i)
		}
	}
	return nil
}

// PortalState is what the kiosk knows of the portal: its last answer or the
// failure to get one, and when it was checked.
type PortalState struct {
	State     HealthState // HealthDown also when unreachable
	CheckedAt time.Time   // zero: never checked
	Latency   time.Duration
	Err       string // error code of the last check, "" when it answered
}
