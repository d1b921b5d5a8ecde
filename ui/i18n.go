package ui

import (
	"fmt"

	"github.com/motcua/kiosk/firmware"
)

// msgID names one sentence of the catalog. Every text the screens show comes
// from here, from the firmware's status names or from the portal's own
// data, so a translator edits one table. The words that an exported report
// shares with the screens (kinds of event, outcomes, scores, the report's
// figures) come from firmware's words.go, which the catalog's entries and
// the CSV writer both read: shared() marks those entries.
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
	msgFees
	msgFeePaid
	msgFeeUnpaid
	msgFeeTotal
	msgPickup
	msgPickupPapers
	msgPickupAsk
	msgOfflineBadge
	msgOfflineAsOf
	msgGuideSubmitted
	msgGuideAccepted
	msgGuideNotAccepted
	msgGuideInProgress
	msgGuideMorePapers
	msgGuideFeesDue
	msgGuideWithdrawn
	msgGuideStopped
	msgGuideReady
	msgGuideHandedOver
	msgNothingToDo
	msgHistory
	msgDone
	msgRate

	// rating
	msgRateQuestion
	msgScoreVeryHappy
	msgScoreHappy
	msgScoreUnhappy
	msgRateReasons
	msgReasonFast
	msgReasonFriendly
	msgReasonClear
	msgReasonEasyKiosk
	msgReasonSlow
	msgReasonUnclear
	msgReasonManyVisits
	msgReasonAttitude
	msgReasonHardKiosk
	msgRateSend
	msgRateSaving
	msgRateFailed
	msgRateThanks
	msgRateThanksBody

	// procedures
	msgFieldsPrompt
	msgFieldCount
	msgCatalogAsOf
	msgCatalogEmpty
	msgProcCode
	msgProcField
	msgProcDays
	msgProcDaysOne
	msgProcDaysValue
	msgFeeFree
	msgProcLevel
	msgLevelFull
	msgLevelPartial
	msgLevelInfo
	msgProcDocs
	msgQRCaption

	// online services
	msgOnlineChecked
	msgOnlineNever
	msgUptimeToday
	msgUptimeUnknown
	msgServices
	msgStateOK
	msgStateDegraded
	msgStateDown
	msgFullOnline
	msgFullOnlineHint

	// staff
	msgStaffTitle
	msgPINPrompt
	msgSignIn
	msgPINWrong
	msgPINLocked
	msgPINChecking
	msgPINNotSet
	msgPINStateUnavailable
	msgSignOut
	msgToday
	msgLoading
	msgSummaryFailed
	msgCountTotal
	msgCountUnique
	msgCountVisits
	msgCountTampers
	msgVersion

	// staff dashboard
	msgPeriodToday
	msgPeriodWeek
	msgPeriodMonth
	msgPeriodRange
	msgOnlineShare
	msgOverdueShare
	msgPortalUptime
	msgNoData
	msgByFeature
	msgSatisfaction
	msgRatingNoScore
	msgBusyHours
	msgBusiestOne
	msgBusiest
	msgBusyNone
	msgUnsyncedOne
	msgUnsynced
	msgRolledUpOne
	msgRolledUp
	msgExport
	msgExporting
	msgExported
	msgExportNoStick
	msgExportRefused
	msgExportFailed

	// staff: ledger alerts
	msgLedgerDiskFull
	msgLedgerReadOnly
	msgLedgerCorrupt
	msgLedgerWriteFailed
	msgLedgerRecovered
	msgLedgerDroppedOne
	msgLedgerDropped
	msgDismiss
	msgDismissFailed

	// staff: device
	msgDevice
	msgKioskID
	msgAddress
	msgNoAddress
	msgUnknown
	msgTemperature
	msgHumidity
	msgPressure
	msgLight
	msgDoor
	msgDoorOpen
	msgDoorShut
	msgAlerts
	msgNoAlerts
	msgAlertTooHot
	msgAlertTooDamp
	msgAlertDoorOpen
	msgAlertLedger
	msgParts
	msgPartBME280
	msgPartBH1750
	msgPartPIR
	msgPartDoor
	msgPartLEDHeartbeat
	msgPartLEDNetwork
	msgPartLEDPortal
	msgPartLEDFault
	msgPartBuzzer
	msgPartOK
	msgPartMissing
	msgPartFault
	msgPartNotFitted

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
	msgFees:            {"Phí, lệ phí", "Fees"},
	msgFeePaid:         {"Đã nộp", "Paid"},
	msgFeeUnpaid:       {"Chưa nộp", "Not paid"},
	msgFeeTotal:        {"Còn phải nộp: %s", "Still to pay: %s"},
	msgPickup:          {"Nhận kết quả tại: %s", "Collect the result at: %s"},
	msgPickupPapers:    {"Nhận lại giấy tờ tại: %s", "Collect your papers at: %s"},
	msgPickupAsk:       {"Liên hệ: %s", "Ask at: %s"},
	msgOfflineBadge:    {"Ngoại tuyến", "Offline"},
	msgOfflineAsOf:     {"Không kết nối được cổng dịch vụ công. Đây là thông tin lưu lúc %s, có thể đã thay đổi.", "The public service portal cannot be reached. This is the information saved at %s; it may have changed since."},

	msgGuideSubmitted:   {"Hồ sơ đã được gửi và đang chờ Bộ phận một cửa kiểm tra, tiếp nhận. Chưa cần làm gì; xin tra cứu lại sau 1 ngày làm việc.", "Your dossier was sent and is waiting to be checked and accepted by the one-stop desk. Nothing to do yet; please check again after one working day."},
	msgGuideAccepted:    {"Hồ sơ đã được tiếp nhận và chuyển đi giải quyết. Giữ phiếu hẹn; đúng ngày hẹn, mang phiếu hẹn và căn cước công dân đến nhận kết quả.", "Your dossier was accepted and passed on for processing. Keep your receipt; on the promised date bring it and your ID card to collect the result."},
	msgGuideNotAccepted: {"Hồ sơ không được tiếp nhận. Xem lý do dưới đây, chuẩn bị đủ giấy tờ rồi nộp hồ sơ mới. Giấy tờ đã nộp được trả lại tại Bộ phận một cửa.", "Your dossier was not accepted. See the reason below, gather the missing papers and submit a new dossier. The papers you handed in are returned at the one-stop desk."},
	msgGuideInProgress:  {"Hồ sơ đang được giải quyết. Chưa cần làm gì; đến ngày hẹn, mang phiếu hẹn và căn cước công dân đến nhận kết quả.", "Your dossier is being processed. Nothing to do yet; on the promised date bring your receipt and ID card to collect the result."},
	msgGuideMorePapers:  {"Cần bổ sung giấy tờ thì hồ sơ mới được giải quyết tiếp. Mang giấy tờ còn thiếu (xem dưới đây), phiếu hẹn và căn cước công dân đến Bộ phận một cửa.", "More papers are needed before your dossier can go on. Bring the missing papers (see below), your receipt and your ID card to the one-stop desk."},
	msgGuideFeesDue:     {"Cần nộp phí, lệ phí hoặc thuế trước khi nhận kết quả. Nộp các khoản chưa nộp trong bảng dưới đây tại quầy, ngân hàng hoặc trên Cổng dịch vụ công, rồi mang chứng từ nộp tiền và phiếu hẹn đến Bộ phận một cửa.", "Fees or tax must be paid before you can collect the result. Pay the unpaid amounts in the table below at the counter, a bank or on the public service portal, then bring the payment slip and your receipt to the one-stop desk."},
	msgGuideWithdrawn:   {"Hồ sơ đã được rút theo đề nghị của người nộp. Nhận lại giấy tờ đã nộp tại Bộ phận một cửa, mang theo phiếu hẹn và căn cước công dân.", "The dossier was withdrawn at the applicant's request. Collect the papers you handed in at the one-stop desk; bring your receipt and ID card."},
	msgGuideStopped:     {"Hồ sơ đã dừng giải quyết. Xem lý do dưới đây và hỏi cán bộ tại quầy về cách làm tiếp.", "Processing of this dossier has stopped. See the reason below and ask at the counter how to go on."},
	msgGuideReady:       {"Kết quả đã có. Đến nhận tại nơi ghi dưới đây, mang theo phiếu hẹn và căn cước công dân; nộp các khoản phí còn lại (nếu có) khi nhận.", "The result is ready. Collect it at the place below; bring your receipt and ID card, and pay any fees still due when you collect it."},
	msgGuideHandedOver:  {"Kết quả đã được trả. Không cần làm gì thêm. Nếu thấy sai sót trên kết quả, xin báo cán bộ tại quầy.", "The result has been handed over. Nothing more to do. If you find a mistake in it, please tell the staff at the counter."},
	msgNothingToDo:      {"Hiện chưa cần làm gì thêm.", "Nothing to do for now."},
	msgHistory:          {"Quá trình xử lý", "History"},
	msgDone:             {"Xong", "Done"},
	msgRate:             {"Đánh giá", "Rate"},

	msgRateQuestion:     {"Bạn có hài lòng với việc giải quyết thủ tục hôm nay không?", "Were you satisfied with our service today?"},
	msgScoreVeryHappy:   shared(firmware.RatingVeryHappy.Words()),
	msgScoreHappy:       shared(firmware.RatingHappy.Words()),
	msgScoreUnhappy:     shared(firmware.RatingUnhappy.Words()),
	msgRateReasons:      {"Điều gì khiến bạn chọn như vậy? (không bắt buộc)", "What made you choose this? (optional)"},
	msgReasonFast:       {"Nhanh chóng", "Quick"},
	msgReasonFriendly:   {"Cán bộ thân thiện", "Friendly staff"},
	msgReasonClear:      {"Hướng dẫn rõ ràng", "Clear guidance"},
	msgReasonEasyKiosk:  {"Máy dễ dùng", "Easy kiosk"},
	msgReasonSlow:       {"Phải chờ lâu", "Long wait"},
	msgReasonUnclear:    {"Hướng dẫn khó hiểu", "Unclear guidance"},
	msgReasonManyVisits: {"Phải đi lại nhiều lần", "Too many visits"},
	msgReasonAttitude:   {"Thái độ chưa tốt", "Unfriendly staff"},
	msgReasonHardKiosk:  {"Máy khó dùng", "Hard-to-use kiosk"},
	msgRateSend:         {"Gửi đánh giá", "Send rating"},
	msgRateSaving:       {"Đang lưu đánh giá…", "Saving your rating…"},
	msgRateFailed:       {"Chưa lưu được đánh giá. Xin thử lại.", "The rating could not be saved. Please try again."},
	msgRateThanks:       {"Cảm ơn bạn đã đánh giá!", "Thank you for your rating!"},
	msgRateThanksBody:   {"Ý kiến của bạn giúp UBND xã phục vụ người dân tốt hơn.", "Your opinion helps the commune serve people better."},

	msgFieldsPrompt:  {"Chọn lĩnh vực", "Choose a field"},
	msgFieldCount:    {"%s (%d)", "%s (%d)"},
	msgCatalogAsOf:   {"Danh mục thủ tục ngày %s", "Procedure list of %s"},
	msgCatalogEmpty:  {"Chưa tải được danh mục thủ tục. Xin thử lại sau hoặc hỏi cán bộ tại quầy.", "The list of procedures has not been loaded yet. Please try later or ask at the counter."},
	msgProcCode:      {"Mã thủ tục", "Procedure code"},
	msgProcField:     {"Lĩnh vực", "Field"},
	msgProcDays:      {"Thời gian giải quyết", "Processing time"},
	msgProcDaysOne:   {"%d ngày làm việc", "%d working day"},
	msgProcDaysValue: {"%d ngày làm việc", "%d working days"},
	msgFeeFree:       {"Miễn phí", "Free"},
	msgProcLevel:     {"Dịch vụ công trực tuyến", "Online service"},
	msgLevelFull:     {"Toàn trình: làm hoàn toàn trên mạng", "Fully online"},
	msgLevelPartial:  {"Một phần: nộp trên mạng, nhận kết quả tại quầy", "Partly online: apply online, collect at the counter"},
	msgLevelInfo:     {"Chỉ có thông tin trên mạng; nộp hồ sơ tại quầy", "Information only; apply at the counter"},
	msgProcDocs:      {"Giấy tờ cần chuẩn bị", "Papers to bring"},
	msgQRCaption:     {"Quét mã để làm tiếp trên điện thoại", "Scan to continue on your phone"},

	msgOnlineChecked:  {"Kiểm tra lần cuối lúc %s", "Last checked at %s"},
	msgOnlineNever:    {"Chưa kiểm tra được cổng dịch vụ công", "The portal has not been checked yet"},
	msgUptimeToday:    {"Hoạt động hôm nay: %s thời gian", "Working today: %s of the time"},
	msgUptimeUnknown:  {"Hôm nay chưa đủ số liệu", "Not enough checks today yet"},
	msgServices:       {"Các hệ thống", "Systems"},
	msgStateOK:        {"Hoạt động", "Working"},
	msgStateDegraded:  {"Chậm", "Slow"},
	msgStateDown:      {"Ngừng", "Down"},
	msgFullOnline:     {"Thủ tục làm hoàn toàn trực tuyến (%d)", "Procedures fully online (%d)"},
	msgFullOnlineHint: {"Chọn thủ tục để lấy mã QR và làm tiếp trên điện thoại.", "Choose one to get its QR code and go on on your phone."},

	msgStaffTitle:          {"Chế độ cán bộ", "Staff mode"},
	msgPINPrompt:           {"Nhập mã PIN", "Enter the PIN"},
	msgSignIn:              {"Đăng nhập", "Sign in"},
	msgPINWrong:            {"Mã PIN không đúng.", "Wrong PIN."},
	msgPINLocked:           {"Nhập sai quá nhiều lần. Chế độ cán bộ đang tạm khóa, xin thử lại sau.", "Too many wrong PINs. Staff mode is locked for a while."},
	msgPINChecking:         {"Đang kiểm tra…", "Checking…"},
	msgPINNotSet:           {"Chế độ cán bộ chưa được cài đặt trên ki-ốt này. Xin báo kỹ thuật viên.", "Staff mode is not set up on this kiosk. Please tell the technician."},
	msgPINStateUnavailable: {"Chế độ cán bộ đang khóa vì ki-ốt không đọc hoặc ghi được số lần nhập sai mã PIN (thẻ nhớ có thể đầy hoặc chỉ đọc). Xin báo kỹ thuật viên.", "Staff mode is locked because the kiosk cannot read or save its count of wrong PINs (the memory card may be full or read-only). Please tell the technician."},
	msgSignOut:             {"Đăng xuất", "Sign out"},
	msgToday:               {"Hôm nay, %s", "Today, %s"},
	msgLoading:             {"Đang tải số liệu…", "Loading the counts…"},
	msgSummaryFailed:       {"Không đọc được số liệu.", "Could not read the counts."},
	msgCountTotal:          shared(firmware.TermUses.Words()),
	msgCountUnique:         shared(firmware.TermDistinctDossiers.Words()),
	msgCountVisits:         shared(firmware.KindVisit.Words()),
	msgCountTampers:        shared(firmware.KindTamper.Words()),
	msgVersion:             {"Phiên bản", "Version"},

	msgPeriodToday:   {"Hôm nay", "Today"},
	msgPeriodWeek:    {"7 ngày", "7 days"},
	msgPeriodMonth:   {"30 ngày", "30 days"},
	msgPeriodRange:   {"Từ %s đến %s", "From %s to %s"},
	msgOnlineShare:   shared(firmware.TermOnlineShare.Words()),
	msgOverdueShare:  shared(firmware.TermOverdueShare.Words()),
	msgPortalUptime:  shared(firmware.TermPortalUptime.Words()),
	msgNoData:        {"không có dữ liệu", "no data"},
	msgByFeature:     {"Theo chức năng", "By feature"},
	msgSatisfaction:  shared(firmware.TermSatisfaction.Words()),
	msgRatingNoScore: {"Không rõ mức đánh giá", "No score"},
	msgBusyHours:     {"Lượt sử dụng theo giờ", "Uses by hour of day"},
	msgBusiestOne:    {"Đông nhất từ %02d:00 đến %02d:00: %d lượt", "Busiest from %02d:00 to %02d:00: %d use"},
	msgBusiest:       {"Đông nhất từ %02d:00 đến %02d:00: %d lượt", "Busiest from %02d:00 to %02d:00: %d uses"},
	msgBusyNone:      {"Chưa có lượt sử dụng nào trong thời gian này.", "No uses in this period yet."},
	msgUnsyncedOne:   {"%s lượt được ghi khi đồng hồ chưa đồng bộ: ngày giờ của lượt đó có thể sai.", "%s use was recorded before the clock was set: its day and hour may be wrong."},
	msgUnsynced:      {"%s lượt được ghi khi đồng hồ chưa đồng bộ: ngày giờ của các lượt đó có thể sai.", "%s uses were recorded before the clock was set: their day and hour may be wrong."},
	msgRolledUpOne:   {"%d ngày chỉ còn số liệu tổng hợp: một hồ sơ tra cứu vào nhiều ngày như vậy được đếm nhiều lần.", "%d day is kept as daily totals only: a dossier looked up on several such days counts once a day."},
	msgRolledUp:      {"%d ngày chỉ còn số liệu tổng hợp: một hồ sơ tra cứu vào nhiều ngày như vậy được đếm nhiều lần.", "%d days are kept as daily totals only: a dossier looked up on several such days counts once a day."},
	msgExport:        {"Xuất báo cáo ra USB", "Export report to USB"},
	msgExporting:     {"Đang lưu báo cáo 30 ngày vào USB…", "Saving the 30-day report to the USB stick…"},
	msgExported:      {"Đã lưu %s", "Saved %s"},
	msgExportNoStick: {"Không thấy USB. Cắm USB vào ki-ốt rồi thử lại.", "No USB stick found. Plug one into the kiosk and try again."},
	msgExportRefused: {"Không ghi được vào USB: USB chỉ cho đọc hoặc đã đầy. Dùng USB khác hoặc xóa bớt tệp rồi thử lại.", "The USB stick cannot be written: it is read-only or full. Use another stick, or free some space, and try again."},
	msgExportFailed:  {"Không xuất được báo cáo. Xin báo kỹ thuật viên.", "The report could not be exported. Please tell the technician."},

	msgLedgerDiskFull:    {"Thẻ nhớ đã đầy: %s lượt sử dụng đang chờ ghi, sẽ mất nếu ki-ốt tắt. Xin báo kỹ thuật viên.", "The memory card is full: %s usage records wait in memory and are lost if the kiosk is switched off. Please tell the technician."},
	msgLedgerReadOnly:    {"Thẻ nhớ không cho ghi: %s lượt sử dụng đang chờ ghi, sẽ mất nếu ki-ốt tắt. Xin báo kỹ thuật viên.", "The memory card refuses writes: %s usage records wait in memory and are lost if the kiosk is switched off. Please tell the technician."},
	msgLedgerCorrupt:     {"Cơ sở dữ liệu sử dụng bị hỏng: %s lượt đang chờ ghi. Khởi động lại ki-ốt để khôi phục.", "The usage database is damaged: %s usage records wait in memory. Restart the kiosk to recover it."},
	msgLedgerWriteFailed: {"Không ghi được số liệu sử dụng: %s lượt đang chờ ghi. Xin báo kỹ thuật viên.", "Usage records cannot be written: %s wait in memory. Please tell the technician."},
	msgLedgerRecovered:   {"Lúc %s, cơ sở dữ liệu bị hỏng đã được cất sang tệp riêng và bắt đầu lại: số liệu trước đó không có ở đây.", "At %s the damaged database was set aside and a new one begun: earlier records are not counted here."},
	msgLedgerDroppedOne:  {"%s lượt sử dụng đã bị mất từ khi ki-ốt khởi động.", "%s usage record was lost since the kiosk started."},
	msgLedgerDropped:     {"%s lượt sử dụng đã bị mất từ khi ki-ốt khởi động.", "%s usage records were lost since the kiosk started."},
	msgDismiss:           {"Đã xem", "Seen"},
	msgDismissFailed:     {"Chưa ghi nhận được. Xin thử lại.", "That could not be saved. Please try again."},

	msgDevice:           {"Thiết bị", "Device"},
	msgKioskID:          {"Mã ki-ốt", "Kiosk ID"},
	msgAddress:          {"Địa chỉ mạng", "Network address"},
	msgNoAddress:        {"Chưa kết nối mạng", "Not connected"},
	msgUnknown:          {"Chưa rõ", "Unknown"},
	msgTemperature:      {"Nhiệt độ trong tủ", "Cabinet temperature"},
	msgHumidity:         {"Độ ẩm trong tủ", "Cabinet humidity"},
	msgPressure:         {"Áp suất không khí", "Air pressure"},
	msgLight:            {"Ánh sáng xung quanh", "Ambient light"},
	msgDoor:             {"Cửa tủ", "Cabinet door"},
	msgDoorOpen:         {"Đang mở", "Open"},
	msgDoorShut:         {"Đã đóng", "Shut"},
	msgAlerts:           {"Cảnh báo", "Alerts"},
	msgNoAlerts:         {"Không có cảnh báo.", "No alerts."},
	msgAlertTooHot:      {"Trong tủ quá nóng: %s", "The cabinet is too hot: %s"},
	msgAlertTooDamp:     {"Trong tủ quá ẩm: %s", "The cabinet is too damp: %s"},
	msgAlertDoorOpen:    {"Cửa tủ đang mở", "The cabinet is open"},
	msgAlertLedger:      {"Sổ ghi sử dụng gặp sự cố (xem ở đầu trang)", "The usage ledger is in trouble (see the top of the page)"},
	msgParts:            {"Các bộ phận", "Parts"},
	msgPartBME280:       {"Cảm biến nhiệt độ, độ ẩm", "Temperature and humidity sensor"},
	msgPartBH1750:       {"Cảm biến ánh sáng", "Light sensor"},
	msgPartPIR:          {"Cảm biến chuyển động", "Motion sensor"},
	msgPartDoor:         {"Công tắc cửa tủ", "Cabinet door switch"},
	msgPartLEDHeartbeat: {"Đèn báo hoạt động", "Heartbeat light"},
	msgPartLEDNetwork:   {"Đèn báo mạng", "Network light"},
	msgPartLEDPortal:    {"Đèn báo cổng dịch vụ công", "Portal light"},
	msgPartLEDFault:     {"Đèn báo lỗi", "Fault light"},
	msgPartBuzzer:       {"Còi báo", "Buzzer"},
	msgPartOK:           {"Hoạt động", "Working"},
	msgPartMissing:      {"Không thấy", "Not found"},
	msgPartFault:        {"Hỏng", "Faulty"},
	msgPartNotFitted:    {"Không lắp", "Not fitted"},
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

// shared is a catalog entry whose words the exported report uses too.
func shared(w firmware.Words) struct{ vi, en string } { return struct{ vi, en string }{w.VI, w.EN} }
