package firmware

import "strconv"

// Words is one term in both of the kiosk's languages.
//
// The words that staff read both on the dashboard and in an exported
// report (the kinds of event, their outcomes, the rating scores, the
// report's figures) live here, once: the ui package's catalog takes them
// from here, and so does WriteReportCSV, so a term never reads one way on
// the screen and another in the spreadsheet. Everything else the screens
// say is in the ui package's catalog.
type Words struct{ VI, EN string }

// In returns the words in lang: English for "en", Vietnamese otherwise.
func (w Words) In(lang string) string {
	if lang == "en" {
		return w.EN
	}
	return w.VI
}

// Term is a figure of the usage report, as staff mode and the exported
// report name it.
type Term int

// The report's figures.
const (
	TermUses             Term = iota + 1 // every use but visits and cabinet openings
	TermDistinctDossiers                 // dossiers looked up, each counted once
	TermFoundDossiers                    // of those, found at the portal
	TermOnlineDossiers                   // of those, submitted online
	TermOnlineShare                      // online / found
	TermOverdueDossiers                  // looked up while overdue
	TermOverdueKnown                     // looked up with a due date
	TermOverdueShare                     // overdue / known
	TermSatisfaction                     // the ratings by score
	TermPortalObserved                   // how long the portal was watched
	TermPortalUp                         // how long it worked
	TermPortalUptime                     // up / observed
	TermUnsynced                         // uses recorded before the clock was set
	TermRolledUpDays                     // days kept as daily totals only
	termCount
)

var terms = [termCount]Words{
	TermUses:             {"Tổng lượt sử dụng", "All uses"},
	TermDistinctDossiers: {"Số hồ sơ khác nhau", "Distinct dossiers"},
	TermFoundDossiers:    {"Số hồ sơ tra cứu được", "Dossiers found"},
	TermOnlineDossiers:   {"Trong đó nộp trực tuyến", "Of which submitted online"},
	TermOnlineShare:      {"Hồ sơ nộp trực tuyến", "Submitted online"},
	TermOverdueDossiers:  {"Số hồ sơ quá hạn khi tra cứu", "Dossiers overdue when looked up"},
	TermOverdueKnown:     {"Số hồ sơ có thông tin hạn xử lý", "Dossiers with a due date"},
	TermOverdueShare:     {"Hồ sơ quá hạn", "Overdue dossiers"},
	TermSatisfaction:     {"Mức độ hài lòng", "Satisfaction"},
	TermPortalObserved:   {"Thời gian theo dõi cổng dịch vụ công", "Time the portal was watched"},
	TermPortalUp:         {"Thời gian cổng hoạt động", "Time the portal worked"},
	TermPortalUptime:     {"Cổng dịch vụ công hoạt động", "Portal working"},
	TermUnsynced:         {"Lượt ghi khi đồng hồ chưa đồng bộ", "Uses recorded before the clock was set"},
	TermRolledUpDays:     {"Số ngày chỉ còn số liệu tổng hợp", "Days kept as daily totals only"},
}

// Words returns the term in both languages.
func (t Term) Words() Words {
	if t <= 0 || t >= termCount {
		return Words{"?", "?"}
	}
	return terms[t]
}

// Terms lists every term, for the tests that check the catalog.
func Terms() []Term {
	out := make([]Term, 0, termCount-1)
	for t := TermUses; t < termCount; t++ {
		out = append(out, t)
	}
	return out
}

// Words names a kind of event; a kind this build does not know, by its
// code.
func (k EventKind) Words() Words {
	switch k {
	case KindLookup:
		return Words{"Tra cứu hồ sơ", "Dossier lookups"}
	case KindProcedure:
		return Words{"Thủ tục hành chính", "Procedures viewed"}
	case KindRating:
		return Words{"Đánh giá hài lòng", "Ratings"}
	case KindStaff:
		return Words{"Chế độ cán bộ", "Staff mode"}
	case KindVisit:
		return Words{"Lượt người đến ki-ốt", "People who came up to the kiosk"}
	case KindTamper:
		return Words{"Số lần tủ thiết bị bị mở", "Times the cabinet was opened"}
	}
	return Words{string(k), string(k)}
}

// Words names a rating's score as the rating screen offers it.
func (r Rating) Words() Words {
	switch r {
	case RatingUnhappy:
		return Words{"Không hài lòng", "Not satisfied"}
	case RatingHappy:
		return Words{"Hài lòng", "Satisfied"}
	case RatingVeryHappy:
		return Words{"Rất hài lòng", "Very satisfied"}
	}
	n := strconv.Itoa(int(r))
	return Words{"Đánh giá " + n, "Rating " + n}
}

// OutcomeWords puts an event's outcome in words: a rating's as its score,
// a lookup's success as "found", any other success as "succeeded", an
// error by its code's words; an outcome this build does not know, by its
// code.
func OutcomeWords(k EventKind, outcome string) Words {
	if k == KindRating {
		if s, ok := RatingOf(outcome); ok {
			return s.Words()
		}
	}
	switch outcome {
	case OutcomeOK:
		if k == KindLookup {
			return Words{"Tìm thấy", "Found"}
		}
		return Words{"Thành công", "Succeeded"}
	case EINVALID:
		return Words{"Mã không hợp lệ", "Invalid code"}
	case ENOTFOUND:
		return Words{"Không tìm thấy", "Not found"}
	case ESECRETREQUIRED:
		return Words{"Cần mã bí mật", "Secret code asked"}
	case ESECRETMISMATCH:
		return Words{"Sai mã bí mật", "Wrong secret code"}
	case EUNAUTHORIZED:
		return Words{"Cổng chưa cấp quyền cho ki-ốt", "Kiosk not accepted by the portal"}
	case ERATELIMITED:
		return Words{"Cổng quá tải", "Portal too busy"}
	case EUNAVAILABLE:
		return Words{"Không kết nối được cổng", "Portal unreachable"}
	case ETIMEOUT:
		return Words{"Cổng trả lời quá chậm", "Portal too slow"}
	case EBADANSWER:
		return Words{"Cổng trả lời sai định dạng", "Unreadable answer from the portal"}
	case EINTERNAL:
		return Words{"Lỗi của ki-ốt", "Kiosk error"}
	}
	return Words{outcome, outcome}
}
