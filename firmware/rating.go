package firmware

import "strconv"

// Rating is a citizen's answer on the rating screen (DESIGN §4), scored as
// the portal contract's POST /v1/ratings scores it: 1 to 3.
//
// The ledger records a rating as a KindRating event whose Outcome is the
// score's digit (Rating.Outcome), so that counts by kind and outcome already
// give the ratings and no column or field is needed for them. A KindRating
// event with any other outcome counts as a rating without a score.
type Rating int

// Ratings, worst first.
const (
	RatingUnhappy   Rating = 1 // Không hài lòng
	RatingHappy     Rating = 2 // Hài lòng
	RatingVeryHappy Rating = 3 // Rất hài lòng
)

// RatingScores lists the valid ratings, worst first.
func RatingScores() []Rating { return []Rating{RatingUnhappy, RatingHappy, RatingVeryHappy} }

// Valid reports whether r is one of the three scores.
func (r Rating) Valid() bool { return r >= RatingUnhappy && r <= RatingVeryHappy }

// Outcome is the UsageEvent.Outcome that records r: "1", "2" or "3".
func (r Rating) Outcome() string { return strconv.Itoa(int(r)) }

// RatingOf returns the rating a KindRating event's outcome records, and
// false for an outcome that is not a score.
func RatingOf(outcome string) (Rating, bool) {
	if len(outcome) != 1 {
		return 0, false
	}
	r := Rating(outcome[0] - '0')
	return r, r.Valid()
}
