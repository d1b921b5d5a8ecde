package ui

import "fmt"

// msgID names one sentence of the catalog. Every text the screens show comes
// from here (or from the firmware's status names, or from the portal's own
// data), so a translator edits one table.
type msgID int

// The catalog's message IDs. msgNone means "no message".
const (
	msgNone msgID = iota

	// shared
	msgHome
	msgLangToggle
	msgLargeOn
	msgLargeOff
	msgBack
	msgCountdown
	msgContinue

	// home
	msgTileLookup
	msgTileProcedures
	msgTileOnline
	msgTileRating
	msgScanHint
	msgSunday
	msgMonday
	msgTuesday
	msgWednesday
	msgThursday
	msgFriday
	msgSaturday

	// portal banner
	msgPortalOK
	msgPortalSlow
	msgPortalDown
	msgPortalUnreachable
	msgPortalUnknown
	msgCheckedJustNow
	msgCheckedMinutes
	msgCheckedHours
	msgCheckedDays

	// lookup
	msgCodePrompt
	msgCodeHint
	msgLookupButton
	msgBusy
	msgScannedCode
	msgSecretPrompt
	msgSecretHint
	msgKeyDelete
	msgKeyClear
	msgKeyLetters
	msgKeyDigits

	// lookup errors, one per firmware error code
	msgErrInvalid
	msgErrNotFound
	msgErrSecretMismatch
	msgErrUnavailable
	msgErrTimeout
	msgErrBadAnswer
	msgErrUnauthorized
	msgErrRateLimited
	msgErrInternal

	// result
	msgResultTitle
	msgFieldCode
	msgFieldProcedure
	msgFieldApplicant
	msgFieldReceived
	msgFieldDue
	msgFieldChannel
	msgChannelInPerson
	msgChannelOnline
	msgChannelPost
	msgDaysLeftOne
	msgDaysLeft
	msgDueToday
	msgOverdueOne
	msgOverdue
	msgNextStep
	msgFeesUnpaid
	msgFeeTotal
	msgPickup
	msgNothingToDo
	msgHistory
	msgDone
	msgRate

	// placeholders
	msgProceduresBody
	msgOnlineBody
	msgRatingBody

	// staff
	msgStaffTitle
	msgPINPrompt
	msgSignIn
	msgPINWrong
	msgPINLocked
	msgPINChecking
	msgSignOut
	msgToday
	msgLoading
	msgSummaryFailed
	msgCountTotal
	msgCountLookups
	msgCountUnique
	msgOutcomes
	msgOutcomeOK
	msgOutcomeNotFound
	msgOutcomeInvalid
	msgOutcomeUnavailable
	msgOutcomeTimeout
	msgOutcomeBadAnswer
	msgOutcomeSecretRequired
	msgOutcomeSecretMismatch
	msgOutcomeUnauthorized
	msgOutcomeRateLimited
	msgOutcomeInternal
	msgVersion

	msgCount // number of IDs; keep last
)

// catalog holds every message in Vietnamese (first, the kiosk's language)
// and English. Vietnamese text is NFC with full diacritics; a test checks it.
var catalog = [msgCount]struct{ vi, en string }{
	msgHome:       {"Trang chủ", "Home"},
	msgLangToggle: {"English", "Tiếng Việt"}, // the button names the other language
	msgLargeOn:    {"Chữ lớn", "Larger text"},
	msgLargeOff:   {"Chữ thường", "Normal text"},
	msgBack:       {"Quay lại", "Back"},
	msgCountdown:  {"Trở về màn hình chính sau %d giây", "Returning to the home screen in %d s"},
	msgContinue:   {"Tiếp tục", "Continue"},

	msgTileLookup:     {"Tra cứu hồ sơ", "Check a dossier"},
	msgTileProcedures: {"Thủ tục hành chính", "Administrative procedures"},
	msgTileOnline:     {"Dịch vụ công trực tuyến", "Online public services"},
	msgTileRating:     {"Đánh giá hài lòng", "Rate our service"},
	msgScanHint:       {"Có thể quét mã QR trên phiếu hẹn để tra cứu ngay.", "Scan the QR code on your receipt to check it at once."},
	msgSunday:         {"Chủ Nhật", "Sunday"},
	msgMonday:         {"Thứ Hai", "Monday"},
	msgTuesday:        {"Thứ Ba", "Tuesday"},
	msgWednesday:      {"Thứ Tư", "Wednesday"},
	msgThursday:       {"Thứ Năm", "Thursday"},
	msgFriday:         {"Thứ Sáu", "Friday"},
	msgSaturday:       {"Thứ Bảy", "Saturday"},

	msgPortalOK:          {"Cổng dịch vụ công hoạt động bình thường", "The public service portal is working"},
	msgPortalSlow:        {"Cổng dịch vụ công đang chậm", "The public service portal is slow"},
	msgPortalDown:        {"Cổng dịch vụ công đang tạm ngừng", "The public service portal is down"},
	msgPortalUnreachable: {"Không kết nối được cổng dịch vụ công", "The public service portal cannot be reached"},
	msgPortalUnknown:     {"Chưa rõ tình trạng cổng dịch vụ công", "The portal's state is not known yet"},
	msgCheckedJustNow:    {"vừa kiểm tra", "checked just now"},
	msgCheckedMinutes:    {"kiểm tra %d phút trước", "checked %d min ago"},
	msgCheckedHours:      {"kiểm tra %d giờ trước", "checked %d h ago"},
	msgCheckedDays:       {"kiểm tra %d ngày trước", "checked %d days ago"},

	msgCodePrompt:   {"Nhập mã hồ sơ", "Type the dossier code"},
	msgCodeHint:     {"Mã hồ sơ in trên phiếu hẹn, ví dụ 000.00.13.H06-241105-0042. Có thể quét mã QR trên phiếu.", "The dossier code is printed on your receipt, e.g. 000.00.13.H06-241105-0042. You can also scan the receipt's QR code."},
	msgLookupButton: {"Tra cứu", "Check"},
	msgBusy:         {"Đang tra cứu, xin chờ… %d giây", "Checking, please wait… %d s"},
	msgScannedCode:  {"Mã trên phiếu vừa quét", "Code from the scanned receipt"},
	msgSecretPrompt: {"Nhập mã bí mật", "Type the secret code"},
	msgSecretHint:   {"Hồ sơ này cần thêm mã bí mật in trên phiếu hẹn.", "This dossier also needs the secret code printed on your receipt."},
	msgKeyDelete:    {"Xóa", "Delete"},
	msgKeyClear:     {"Xóa hết", "Clear"},
	msgKeyLetters:   {"ABC", "ABC"},
	msgKeyDigits:    {"123", "123"},

	msgErrInvalid:        {"Mã hồ sơ không đúng dạng. Mã gồm 6 đến 40 ký tự: chữ in hoa, chữ số và các dấu . - _ /, ví dụ 000.00.13.H06-241105-0042.", "That is not a dossier code. A code has 6 to 40 characters: capital letters, digits and . - _ /, e.g. 000.00.13.H06-241105-0042."},
	msgErrNotFound:       {"Không tìm thấy hồ sơ có mã này. Xin kiểm tra lại mã trên phiếu hẹn hoặc hỏi cán bộ tại quầy.", "No dossier has this code. Please check the code on your receipt or ask at the counter."},
	msgErrSecretMismatch: {"Mã bí mật không đúng. Xin nhập lại đúng mã in trên phiếu hẹn.", "The secret code is wrong. Please type it again exactly as printed on your receipt."},
	msgErrUnavailable:    {"Hiện không kết nối được cổng dịch vụ công. Xin thử lại sau ít phút hoặc hỏi cán bộ tại quầy.", "The public service portal cannot be reached now. Please try again in a few minutes or ask at the counter."},
	msgErrTimeout:        {"Cổng dịch vụ công trả lời quá chậm. Xin thử lại sau ít phút.", "The public service portal is answering too slowly. Please try again in a few minutes."},
	msgErrBadAnswer:      {"Cổng dịch vụ công trả về dữ liệu không đọc được. Xin thử lại sau hoặc hỏi cán bộ tại quầy.", "The public service portal sent an answer the kiosk cannot read. Please try again later or ask at the counter."},
	msgErrUnauthorized:   {"Máy tra cứu chưa được cổng dịch vụ công cho phép. Xin báo cán bộ tại quầy.", "The portal does not accept this kiosk yet. Please tell the staff at the counter."},
	msgErrRateLimited:    {"Cổng dịch vụ công đang quá tải. Xin chờ một phút rồi thử lại.", "The public service portal is too busy. Please wait a minute and try again."},
	msgErrInternal:       {"Máy tra cứu gặp lỗi. Xin thử lại hoặc hỏi cán bộ tại quầy.", "The kiosk ran into a problem. Please try again or ask at the counter."},

	msgResultTitle:     {"Kết quả tra cứu", "Dossier status"},
	msgFieldCode:       {"Mã hồ sơ", "Dossier code"},
	msgFieldProcedure:  {"Thủ tục", "Procedure"},
	msgFieldApplicant:  {"Người nộp", "Applicant"},
	msgFieldReceived:   {"Ngày nhận", "Received"},
	msgFieldDue:        {"Hẹn trả", "Promised for"},
	msgFieldChannel:    {"Hình thức nộp", "Submitted"},
	msgChannelInPerson: {"Trực tiếp", "In person"},
	msgChannelOnline:   {"Trực tuyến", "Online"},
	msgChannelPost:     {"Qua bưu chính", "By post"},
	msgDaysLeftOne:     {"Còn %d ngày", "%d day left"},
	msgDaysLeft:        {"Còn %d ngày", "%d days left"},
	msgDueToday:        {"Hôm nay là hạn trả", "Due today"},
	msgOverdueOne:      {"Quá hạn %d ngày", "%d day overdue"},
	msgOverdue:         {"Quá hạn %d ngày", "%d days overdue"},
	msgNextStep:        {"Việc cần làm", "What to do next"},
	msgFeesUnpaid:      {"Phí, lệ phí chưa nộp:", "Fees not yet paid:"},
	msgFeeTotal:        {"Tổng cộng: %s", "Total: %s"},
	msgPickup:          {"Nhận kết quả tại: %s", "Collect the result at: %s"},
	msgNothingToDo:     {"Hiện chưa cần làm gì thêm.", "Nothing to do for now."},
	msgHistory:         {"Quá trình xử lý", "History"},
	msgDone:            {"Xong", "Done"},
	msgRate:            {"Đánh giá", "Rate"},

	msgProceduresBody: {"Danh sách thủ tục hành chính của xã đang được chuẩn bị. Tại đây sẽ có giấy tờ cần nộp, thời gian giải quyết, lệ phí và mã QR để làm tiếp trên điện thoại. Hiện nay xin hỏi cán bộ tại quầy.", "The list of the commune's procedures is being prepared. It will show the papers needed, the processing time, the fee and a QR code to continue on your phone. For now, please ask at the counter."},
	msgOnlineBody:     {"Danh sách dịch vụ công trực tuyến đang được chuẩn bị. Tình trạng cổng dịch vụ công hôm nay:", "The list of online public services is being prepared. The portal today:"},
	msgRatingBody:     {"Phiếu đánh giá trên máy đang được chuẩn bị. Hiện nay xin góp ý với cán bộ tại quầy hoặc bỏ thư vào hòm thư góp ý.", "The rating form is being prepared. For now, please tell the staff at the counter or use the suggestion box."},

	msgStaffTitle:            {"Chế độ cán bộ", "Staff mode"},
	msgPINPrompt:             {"Nhập mã PIN", "Enter the PIN"},
	msgSignIn:                {"Đăng nhập", "Sign in"},
	msgPINWrong:              {"Mã PIN không đúng.", "Wrong PIN."},
	msgPINLocked:             {"Nhập sai quá nhiều lần. Chế độ cán bộ đang tạm khóa, xin thử lại sau.", "Too many wrong PINs. Staff mode is locked for a while."},
	msgPINChecking:           {"Đang kiểm tra…", "Checking…"},
	msgSignOut:               {"Đăng xuất", "Sign out"},
	msgToday:                 {"Hôm nay, %s", "Today, %s"},
	msgLoading:               {"Đang tải số liệu…", "Loading the counts…"},
	msgSummaryFailed:         {"Không đọc được số liệu.", "Could not read the counts."},
	msgCountTotal:            {"Tổng lượt sử dụng", "All uses"},
	msgCountLookups:          {"Lượt tra cứu", "Lookups"},
	msgCountUnique:           {"Số hồ sơ khác nhau", "Distinct dossiers"},
	msgOutcomes:              {"Kết quả tra cứu", "Lookup outcomes"},
	msgOutcomeOK:             {"Tìm thấy", "Found"},
	msgOutcomeNotFound:       {"Không tìm thấy", "Not found"},
	msgOutcomeInvalid:        {"Mã sai dạng", "Invalid code"},
	msgOutcomeUnavailable:    {"Không kết nối được cổng", "Portal unreachable"},
	msgOutcomeTimeout:        {"Cổng trả lời chậm", "Portal too slow"},
	msgOutcomeBadAnswer:      {"Cổng trả dữ liệu lỗi", "Unreadable answer"},
	msgOutcomeSecretRequired: {"Cần mã bí mật", "Secret code asked"},
	msgOutcomeSecretMismatch: {"Sai mã bí mật", "Wrong secret code"},
	msgOutcomeUnauthorized:   {"Máy chưa được cấp quyền", "Kiosk not accepted"},
	msgOutcomeRateLimited:    {"Cổng quá tải", "Portal too busy"},
	msgOutcomeInternal:       {"Lỗi của máy", "Kiosk error"},
	msgVersion:               {"Phiên bản %s", "Version %s"},
}

// text returns message id in lang ("vi" or "en"; anything else is "vi").
func text(lang string, id msgID) string {
	if id <= msgNone || id >= msgCount {
		return ""
	}
	if lang == langEN {
		return catalog[id].en
	}
	return catalog[id].vi
}

// textf formats message id in lang with args.
func textf(lang string, id msgID, args ...any) string {
	return fmt.Sprintf(text(lang, id), args...)
}

// Languages the screens speak.
const (
	langVI = "vi"
	langEN = "en"
)
