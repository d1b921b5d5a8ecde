package firmware

import "fmt"

// Status is a dossier's processing status, by the national list of codes
// (DESIGN §6).
type Status int

// The national status codes.
const (
	StatusSubmitted   Status = 1  // Mới đăng ký
	StatusAccepted    Status = 2  // Được tiếp nhận
	StatusNotAccepted Status = 3  // Không được tiếp nhận
	StatusInProgress  Status = 4  // Đang xử lý
	StatusMorePapers  Status = 5  // Yêu cầu bổ sung giấy tờ
	StatusFeesDue     Status = 6  // Yêu cầu thực hiện nghĩa vụ tài chính
	StatusWithdrawn   Status = 7  // Công dân yêu cầu rút hồ sơ
	StatusStopped     Status = 8  // Dừng xử lý
	StatusReady       Status = 9  // Đã xử lý xong
	StatusHandedOver  Status = 10 // Đã trả kết quả
	statusFirst              = StatusSubmitted
	statusLast               = StatusHandedOver
)

// Statuses lists every valid status in code order.
func Statuses() []Status {
	s := make([]Status, 0, statusLast)
	for c := statusFirst; c <= statusLast; c++ {
		s = append(s, c)
	}
	return s
}

// Tone is the colour family a status is shown in. Screens map tones to
// colours; status colours are used for status only.
type Tone int

// Tones.
const (
	ToneNeutral Tone = iota // grey
	ToneInfo                // blue
	ToneWarning             // amber
	ToneBad                 // red
	ToneGood                // green
)

func (t Tone) String() string {
	switch t {
	case ToneNeutral:
		return "neutral"
	case ToneInfo:
		return "info"
	case ToneWarning:
		return "warning"
	case ToneBad:
		return "bad"
	case ToneGood:
		return "good"
	}
	return fmt.Sprintf("Tone(%d)", int(t))
}

var statusNames = [...]struct {
	vi, en string
	tone   Tone
}{
	StatusSubmitted:   {"Mới đăng ký", "Submitted", ToneNeutral},
	StatusAccepted:    {"Được tiếp nhận", "Accepted", ToneInfo},
	StatusNotAccepted: {"Không được tiếp nhận", "Not accepted", ToneBad},
	StatusInProgress:  {"Đang xử lý", "In progress", ToneInfo},
	StatusMorePapers:  {"Yêu cầu bổ sung giấy tờ", "More papers needed", ToneWarning},
	StatusFeesDue:     {"Yêu cầu thực hiện nghĩa vụ tài chính", "Fees or tax to pay", ToneWarning},
	StatusWithdrawn:   {"Công dân yêu cầu rút hồ sơ", "Withdrawn", ToneNeutral},
	StatusStopped:     {"Dừng xử lý", "Stopped", ToneBad},
	StatusReady:       {"Đã xử lý xong", "Result ready — come and collect it", ToneGood},
	StatusHandedOver:  {"Đã trả kết quả", "Result handed over", ToneGood},
}

// Valid reports whether s is one of the national codes.
func (s Status) Valid() bool { return s >= statusFirst && s <= statusLast }

// Vietnamese returns the national name of the status.
func (s Status) Vietnamese() string {
	if !s.Valid() {
		return fmt.Sprintf("Trạng thái %d", int(s))
	}
	return statusNames[s].vi
}

// English returns the English name of the status.
func (s Status) English() string {
	if !s.Valid() {
		return fmt.Sprintf("Status %d", int(s))
	}
	return statusNames[s].en
}

// String returns the national (Vietnamese) name.
func (s Status) String() string { return s.Vietnamese() }

// Tone returns the colour family of the status.
func (s Status) Tone() Tone {
	if !s.Valid() {
		return ToneNeutral
	}
	return statusNames[s].tone
}

// Closed reports whether the dossier's processing has ended one way or
// another, so that it can no longer be overdue (DESIGN §6: 3, 7, 8, 9, 10).
func (s Status) Closed() bool {
	switch s {
	case StatusNotAccepted, StatusWithdrawn, StatusStopped, StatusReady, StatusHandedOver:
		return true
	}
	return false
}
