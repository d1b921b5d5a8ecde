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

var statusNames = [...]struct{ vi, en string }{
	StatusSubmitted:   {"Mới đăng ký", "Submitted"},
	StatusAccepted:    {"Được tiếp nhận", "Accepted"},
	StatusNotAccepted: {"Không được tiếp nhận", "Not accepted"},
	StatusInProgress:  {"Đang xử lý", "In progress"},
	StatusMorePapers:  {"Yêu cầu bổ sung giấy tờ", "More papers needed"},
	StatusFeesDue:     {"Yêu cầu thực hiện nghĩa vụ tài chính", "Fees or tax to pay"},
	StatusWithdrawn:   {"Công dân yêu cầu rút hồ sơ", "Withdrawn"},
	StatusStopped:     {"Dừng xử lý", "Stopped"},
	StatusReady:       {"Đã xử lý xong", "Result ready — come and collect it"},
	StatusHandedOver:  {"Đã trả kết quả", "Result handed over"},
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

// Closed reports whether the dossier's processing has ended one way or
// another, so that it can no longer be overdue (DESIGN §6: 3, 7, 8, 9, 10).
func (s Status) Closed() bool {
	switch s {
	case StatusNotAccepted, StatusWithdrawn, StatusStopped, StatusReady, StatusHandedOver:
		return true
	}
	return false
}
