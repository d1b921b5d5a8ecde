package firmware

import (
	"context"
	"time"
)

// Reason chips of the rating screen (DESIGN §4), by the identifiers sent to
// the portal in POST /v1/ratings. Praise goes with the two good scores,
// complaints with Không hài lòng.
const (
	ReasonFast        = "nhanh_chong"        // quick
	ReasonFriendly    = "than_thien"         // friendly staff
	ReasonClear       = "huong_dan_ro_rang"  // clear guidance
	ReasonEasyKiosk   = "may_de_dung"        // the kiosk was easy
	ReasonSlow        = "cho_lau"            // long wait
	ReasonUnclear     = "huong_dan_kho_hieu" // guidance hard to follow
	ReasonManyVisits  = "di_lai_nhieu_lan"   // had to come back many times
	ReasonAttitude    = "thai_do_chua_tot"   // staff attitude
	ReasonHardKiosk   = "may_kho_dung"       // the kiosk was hard to use
	maxRatingReasons  = 16
	maxReasonIDLength = 64
)

// RatingReasons returns the reason chips offered with score r.
func RatingReasons(r Rating) []string {
	if r == RatingUnhappy {
		return []string{ReasonSlow, ReasonUnclear, ReasonManyVisits, ReasonAttitude, ReasonHardKiosk}
	}
	return []string{ReasonFast, ReasonFriendly, ReasonClear, ReasonEasyKiosk}
}

// RatingRecord is one citizen's rating as the kiosk queues it for the portal.
// It names nobody: DossierRef is the keyed hash of the dossier code the
// citizen had just looked up, "" when the rating came from the home screen.
type RatingRecord struct {
	ID         int64 // set by the queue
	At         time.Time
	Score      Rating
	Reasons    []string
	DossierRef string
	Lang       string
	Attempts   int    // failed sends so far
	LastError  string // error code of the last failed send
}

// Validate refuses a record the contract would refuse, or one whose
// DossierRef is not a keyed hash (a plain code must never be queued).
func (r *RatingRecord) Validate() error {
	switch {
	case r.At.IsZero():
		return Errorf(EINVALID, "rating: time required")
	case !r.Score.Valid():
		return Errorf(EINVALID, "rating: score %d out of 1..3", int(r.Score))
	case len(r.Reasons) > maxRatingReasons:
		return Errorf(EINVALID, "rating: too many reasons")
	case r.DossierRef != "" && !isHexRef(r.DossierRef):
		return Errorf(EINVALID, "rating: dossier ref is not a keyed hash")
	}
	for _, s := range r.Reasons {
		if s == "" || len(s) > maxReasonIDLength {
			return Errorf(EINVALID, "rating: bad reason identifier")
		}
	}
	return nil
}

// RatingQueue keeps ratings until the portal has them, across restarts and
// outages: a rating leaves the queue only once the portal accepted it.
type RatingQueue interface {
	// Enqueue stores r and returns its ID. It returns EINVALID for a
	// record that fails Validate.
	Enqueue(ctx context.Context, r RatingRecord) (int64, error)
	// Pending returns up to limit unsent ratings, those that failed fewest
	// times first, then oldest first.
	Pending(ctx context.Context, limit int) ([]RatingRecord, error)
	// MarkSent records that the portal accepted rating id.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkFailed counts a failed send of rating id and its error code.
	MarkFailed(ctx context.Context, id int64, errCode string) error
}

// RatingSink is the portal's POST /v1/ratings. portal.Client implements it.
type RatingSink interface {
	// SendRating posts r; nil means the portal accepted it. Failures carry
	// the Portal's error codes.
	SendRating(ctx context.Context, r RatingRecord) error
}

// ServiceStatus is one service behind the portal as the online-services
// screen shows it.
type ServiceStatus struct {
	ID, Name string
	State    HealthState // the last check's; HealthDown when the portal could not be reached
	// UpToday is the share of today's observed time the service was up;
	// meaningless while ObservedToday is 0.
	UpToday       float64
	ObservedToday time.Duration
}

// PortalStatus is what the online-services screen shows: the portal's last
// known state, its services, and today's uptime as seen from this kiosk.
type PortalStatus struct {
	PortalState
	Services      []ServiceStatus
	UpToday       float64 // share of ObservedToday the portal was up
	ObservedToday time.Duration
}
