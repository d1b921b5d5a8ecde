package portalsim

import (
	"strings"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// ict is Vietnam's time: the sim's dates are in the kiosk's zone.
var ict = firmware.Vietnam

// Demo names one demo dossier for READMEs and tests.
type Demo struct {
	Code   string // the dossier code, already normalised
	Secret string // the receipt's secret code, "" when the dossier needs none
	Note   string // what the dossier shows, in English
}

// demoDossier is a Demo and the dossier it answers, dated around a day.
type demoDossier struct {
	Demo
	build func(c day) firmware.Dossier
}

// day places the demo's dates around the day the sim's clock is on, in
// Vietnam's time zone. Timelines use only past days so that they are in the
// past at any hour; promised dates are whole calendar days away so that
// "due in 2 days" holds all day.
type day struct{ y, m, d int }

func dayOf(now time.Time) day {
	t := now.In(ict)
	return day{t.Year(), int(t.Month()), t.Day()}
}

// at returns hour:min local time days away from the sim's day.
func (c day) at(days, hour, min int) time.Time {
	return time.Date(c.y, time.Month(c.m), c.d+days, hour, min, 0, 0, ict)
}

// ptr returns a pointer to t, for the nullable dates.
func ptr(t time.Time) *time.Time { return &t }

func step(at time.Time, s firmware.Status, unit, note string) firmware.HistoryEntry {
	return firmware.HistoryEntry{At: at, Status: s, Unit: unit, Note: note}
}

func status(s firmware.Status) firmware.StatusRef {
	return firmware.StatusRef{Code: s, Label: s.Vietnamese()}
}

// Offices and units that appear in the demo data.
var (
	commune = firmware.Agency{Code: "H06.13", Name: "UBND xã Đồng Phúc"}
	police  = firmware.Agency{Code: "H06.13.CA", Name: "Công an xã Đồng Phúc"}
	land    = firmware.Agency{Code: "H06.05.VPDK", Name: "Chi nhánh Văn phòng đăng ký đất đai huyện Ba Bể"}
)

const (
	unitOneStop  = "Bộ phận một cửa"
	unitJustice  = "Công chức Tư pháp - Hộ tịch"
	unitCadastre = "Công chức Địa chính - Xây dựng"
	unitLeaders  = "Lãnh đạo UBND xã"
	unitLandBr   = "Chi nhánh Văn phòng đăng ký đất đai huyện Ba Bể"
	unitTax      = "Chi cục Thuế khu vực Ba Bể - Pác Nặm"
	unitPolice   = "Công an xã Đồng Phúc"
	pickupDesk   = "Bộ phận một cửa UBND xã Đồng Phúc"
	pickupHours  = "Bộ phận một cửa UBND xã Đồng Phúc (tầng 1), sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu"
)

// demos is the demo data. Names are of the Tày, Nùng and Dao families
// common in Ba Bể; none is a real person's.
var demos = []demoDossier{
	{
		Demo{"000.00.13.H06-241105-0042", "", "in progress, due in 2 days"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.001193"),
				Applicant:  firmware.Applicant{Name: "Hoàng Thị Lan"},
				Agency:     commune,
				Channel:    firmware.ChannelInPerson,
				Status:     status(firmware.StatusInProgress),
				ReceivedAt: c.at(-1, 8, 12),
				DueAt:      c.at(2, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-1, 8, 12), firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ, hẹn trả kết quả."),
					step(c.at(-1, 9, 30), firmware.StatusInProgress, unitJustice, "Đang kiểm tra, đối chiếu Giấy chứng sinh."),
				},
				Fees:           []firmware.Fee{{Name: "Phí cấp bản sao trích lục khai sinh (1 bản)", AmountVND: 8000, Paid: false}},
				RequiredAction: "Không cần bổ sung giấy tờ. Mang Giấy tiếp nhận hồ sơ và căn cước công dân khi đến nhận kết quả.",
				Pickup:         pickupDesk,
			}
		},
	},
	{
		Demo{"000.00.13.H06-241104-0015", "", "submitted online, waiting to be accepted, due in 3 days"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.000894"),
				Applicant:  firmware.Applicant{Name: "Nông Văn Đức"},
				Agency:     commune,
				Channel:    firmware.ChannelOnline,
				Status:     status(firmware.StatusSubmitted),
				ReceivedAt: c.at(-1, 21, 40),
				DueAt:      c.at(3, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-1, 21, 40), firmware.StatusSubmitted, "Cổng dịch vụ công quốc gia", "Nộp hồ sơ trực tuyến."),
				},
				Fees:           []firmware.Fee{},
				RequiredAction: "Chờ Bộ phận một cửa kiểm tra hồ sơ. Khi được hẹn, cả hai bên nam, nữ có mặt tại UBND xã để ký Giấy chứng nhận kết hôn.",
				Pickup:         pickupDesk,
			}
		},
	},
	{
		Demo{"000.00.13.H06-241101-0027", "", "accepted, submitted by post, due tomorrow"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("2.000635"),
				Applicant:  firmware.Applicant{Name: "Ma Thị Huyền"},
				Agency:     commune,
				Channel:    firmware.ChannelPost,
				Status:     status(firmware.StatusAccepted),
				ReceivedAt: c.at(-2, 10, 5),
				DueAt:      c.at(1, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-2, 10, 5), firmware.StatusSubmitted, "Bưu điện văn hóa xã Đồng Phúc", "Nhận hồ sơ qua dịch vụ bưu chính công ích."),
					step(c.at(-2, 14, 20), firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ do bưu điện chuyển đến."),
				},
				Fees: []firmware.Fee{
					{Name: "Phí cấp bản sao trích lục hộ tịch (2 bản)", AmountVND: 16000, Paid: true},
					{Name: "Cước bưu chính trả kết quả", AmountVND: 25000, Paid: true},
				},
				RequiredAction: "Không cần làm gì thêm. Kết quả sẽ được gửi qua bưu điện đến địa chỉ ghi trên tờ khai.",
				Pickup:         "Trả qua dịch vụ bưu chính công ích đến địa chỉ của người yêu cầu",
			}
		},
	},
	{
		Demo{"000.00.13.H06-241028-0009", "", "not accepted (no proof of residence)"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.004194"),
				Applicant:  firmware.Applicant{Name: "Triệu Văn Sơn"},
				Agency:     police,
				Channel:    firmware.ChannelInPerson,
				Status:     status(firmware.StatusNotAccepted),
				ReceivedAt: c.at(-8, 14, 0),
				DueAt:      c.at(-1, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-8, 14, 0), firmware.StatusSubmitted, unitOneStop, "Nhận hồ sơ."),
					step(c.at(-7, 9, 0), firmware.StatusNotAccepted, unitPolice, "Không tiếp nhận: thiếu giấy tờ chứng minh chỗ ở hợp pháp."),
				},
				Fees:           []firmware.Fee{},
				RequiredAction: "Hồ sơ không được tiếp nhận vì thiếu giấy tờ chứng minh chỗ ở hợp pháp. Chuẩn bị hợp đồng thuê nhà hoặc văn bản đồng ý của chủ hộ rồi nộp hồ sơ mới.",
				Pickup:         "Công an xã Đồng Phúc",
			}
		},
	},
	{
		Demo{"000.00.13.H06-241030-0033", "", "more papers needed, due in 4 days"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.004873"),
				Applicant:  firmware.Applicant{Name: "Lý Thị Thu Hà"},
				Agency:     commune,
				Channel:    firmware.ChannelInPerson,
				Status:     status(firmware.StatusMorePapers),
				ReceivedAt: c.at(-5, 8, 45),
				DueAt:      c.at(4, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-5, 8, 45), firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ."),
					step(c.at(-4, 10, 0), firmware.StatusInProgress, unitJustice, "Xác minh tình trạng hôn nhân."),
					step(c.at(-2, 15, 30), firmware.StatusMorePapers, unitJustice, "Thiếu bản sao trích lục ghi chú ly hôn."),
				},
				Fees:           []firmware.Fee{{Name: "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", AmountVND: 3000, Paid: true}},
				RequiredAction: "Bổ sung bản sao trích lục ghi chú ly hôn (hoặc bản án, quyết định ly hôn đã có hiệu lực) tại Bộ phận một cửa UBND xã Đồng Phúc.",
				Pickup:         pickupDesk,
			}
		},
	},
	{
		Demo{"000.00.13.H06-241021-0118", "K7Q2M9", "fees to pay, needs the receipt's secret code"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.003010"),
				Applicant:  firmware.Applicant{Name: "Hà Văn Thắng"},
				Agency:     land,
				Channel:    firmware.ChannelInPerson,
				Status:     status(firmware.StatusFeesDue),
				ReceivedAt: c.at(-15, 9, 20),
				DueAt:      c.at(6, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-15, 9, 20), firmware.StatusAccepted, unitOneStop, "Tiếp nhận, chuyển hồ sơ lên Chi nhánh Văn phòng đăng ký đất đai."),
					step(c.at(-12, 8, 30), firmware.StatusInProgress, unitLandBr, "Kiểm tra hồ sơ, trích lục thửa đất."),
					step(c.at(-3, 16, 0), firmware.StatusFeesDue, unitTax, "Đã ban hành thông báo nộp thuế thu nhập cá nhân và lệ phí trước bạ."),
				},
				Fees: []firmware.Fee{
					{Name: "Thuế thu nhập cá nhân (2%)", AmountVND: 3000000, Paid: false},
					{Name: "Lệ phí trước bạ (0,5%)", AmountVND: 750000, Paid: false},
					{Name: "Lệ phí cấp Giấy chứng nhận", AmountVND: 50000, Paid: true},
				},
				RequiredAction: "Nộp thuế thu nhập cá nhân và lệ phí trước bạ theo thông báo của cơ quan thuế (tại ngân hàng, Kho bạc hoặc trên Cổng dịch vụ công quốc gia), sau đó mang chứng từ nộp tiền đến Bộ phận một cửa.",
				Pickup:         pickupDesk,
			}
		},
	},
	{
		Demo{"000.00.13.H06-241018-0064", "", "withdrawn at the citizen's request"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.004859"),
				Applicant:  firmware.Applicant{Name: "Đàm Thị Ngọc"},
				Agency:     commune,
				Channel:    firmware.ChannelInPerson,
				Status:     status(firmware.StatusWithdrawn),
				ReceivedAt: c.at(-12, 14, 10),
				DueAt:      c.at(-9, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-12, 14, 10), firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ."),
					step(c.at(-11, 9, 0), firmware.StatusInProgress, unitJustice, "Đang xử lý."),
					step(c.at(-10, 10, 30), firmware.StatusWithdrawn, unitOneStop, "Công dân có đơn xin rút hồ sơ."),
				},
				Fees:           []firmware.Fee{{Name: "Lệ phí thay đổi, cải chính hộ tịch", AmountVND: 15000, Paid: true}},
				RequiredAction: "Hồ sơ đã được rút theo đề nghị của công dân. Nhận lại giấy tờ đã nộp tại Bộ phận một cửa.",
				Pickup:         pickupDesk,
			}
		},
	},
	{
		Demo{"000.00.13.H06-241015-0051", "", "stopped (a dispute, referred to the court)"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.001022"),
				Applicant:  firmware.Applicant{Name: "Hoàng Văn Quý"},
				Agency:     commune,
				Channel:    firmware.ChannelInPerson,
				Status:     status(firmware.StatusStopped),
				ReceivedAt: c.at(-20, 9, 0),
				DueAt:      c.at(-17, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-20, 9, 0), firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ."),
					step(c.at(-19, 8, 30), firmware.StatusInProgress, unitJustice, "Niêm yết, lấy ý kiến các bên liên quan."),
					step(c.at(-18, 15, 0), firmware.StatusStopped, unitLeaders, "Dừng xử lý do có tranh chấp về quan hệ cha, con."),
				},
				Fees:           []firmware.Fee{},
				RequiredAction: "Việc nhận cha, con đang có tranh chấp nên UBND xã dừng xử lý. Liên hệ Tòa án nhân dân huyện Ba Bể để được giải quyết.",
				Pickup:         pickupDesk,
			}
		},
	},
	{
		Demo{"000.00.13.H06-241104-0038", "", "result ready to collect, 24,000 VND to pay on collection"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:   procedureRef("1.000656"),
				Applicant:   firmware.Applicant{Name: "Dương Thị Mai"},
				Agency:      commune,
				Channel:     firmware.ChannelInPerson,
				Status:      status(firmware.StatusReady),
				ReceivedAt:  c.at(-3, 8, 0),
				DueAt:       c.at(-1, 17, 0),
				CompletedAt: ptr(c.at(-1, 15, 30)),
				History: []firmware.HistoryEntry{
					step(c.at(-3, 8, 0), firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ."),
					step(c.at(-3, 9, 15), firmware.StatusInProgress, unitJustice, "Đối chiếu Giấy báo tử."),
					step(c.at(-1, 15, 30), firmware.StatusReady, unitLeaders, "Đã ký trích lục khai tử, chuyển Bộ phận một cửa trả kết quả."),
				},
				Fees:           []firmware.Fee{{Name: "Phí cấp bản sao trích lục khai tử (3 bản)", AmountVND: 24000, Paid: false}},
				RequiredAction: "Mang Giấy tiếp nhận hồ sơ và căn cước công dân đến nhận kết quả; nộp 24.000 đồng phí bản sao khi nhận.",
				Pickup:         pickupHours,
			}
		},
	},
	{
		Demo{"000.00.13.H06-241102-0020", "", "result handed over"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:   procedureRef("2.000815"),
				Applicant:   firmware.Applicant{Name: "Bế Văn Long"},
				Agency:      commune,
				Channel:     firmware.ChannelInPerson,
				Status:      status(firmware.StatusHandedOver),
				ReceivedAt:  c.at(-2, 9, 5),
				DueAt:       c.at(-2, 17, 0),
				CompletedAt: ptr(c.at(-2, 10, 0)),
				ReturnedAt:  ptr(c.at(-1, 8, 40)),
				History: []firmware.HistoryEntry{
					step(c.at(-2, 9, 5), firmware.StatusAccepted, unitOneStop, "Tiếp nhận 2 bản chính, 6 trang."),
					step(c.at(-2, 10, 0), firmware.StatusReady, unitJustice, "Đã chứng thực."),
					step(c.at(-1, 8, 40), firmware.StatusHandedOver, unitOneStop, "Đã trả kết quả cho công dân."),
				},
				Fees:   []firmware.Fee{{Name: "Phí chứng thực bản sao (6 trang)", AmountVND: 8000, Paid: true}},
				Pickup: pickupDesk,
			}
		},
	},
	{
		Demo{"000.00.13.H06-241008-0077", "", "in progress, 3 days overdue"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.004227"),
				Applicant:  firmware.Applicant{Name: "Nông Thị Hương"},
				Agency:     land,
				Channel:    firmware.ChannelInPerson,
				Status:     status(firmware.StatusInProgress),
				ReceivedAt: c.at(-33, 8, 30),
				DueAt:      c.at(-3, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-33, 8, 30), firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ."),
					step(c.at(-30, 9, 0), firmware.StatusInProgress, unitCadastre, "Kiểm tra hiện trạng, niêm yết công khai 15 ngày."),
					step(c.at(-12, 14, 0), firmware.StatusInProgress, unitLandBr, "Đang đo đạc, chỉnh lý bản đồ địa chính."),
				},
				Fees:           []firmware.Fee{{Name: "Lệ phí cấp Giấy chứng nhận", AmountVND: 100000, Paid: false}},
				RequiredAction: "Hồ sơ đã quá hạn hẹn trả; UBND xã đã gửi phiếu xin lỗi và hẹn lại ngày trả kết quả. Không cần bổ sung giấy tờ.",
				Pickup:         pickupDesk,
			}
		},
	},
	{
		Demo{"H06.13/2024/HT-0157", "", "old-style code with '/', in progress, due in 5 days"},
		func(c day) firmware.Dossier {
			return firmware.Dossier{
				Procedure:  procedureRef("1.004884"),
				Applicant:  firmware.Applicant{Name: "Lục Văn Tùng"},
				Agency:     commune,
				Channel:    firmware.ChannelInPerson,
				Status:     status(firmware.StatusInProgress),
				ReceivedAt: c.at(-4, 10, 0),
				DueAt:      c.at(5, 17, 0),
				History: []firmware.HistoryEntry{
					step(c.at(-4, 10, 0), firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ."),
					step(c.at(-3, 8, 45), firmware.StatusInProgress, unitJustice, "Xác minh sổ đăng ký khai sinh gốc."),
				},
				Fees:           []firmware.Fee{{Name: "Lệ phí đăng ký lại khai sinh", AmountVND: 5000, Paid: true}},
				RequiredAction: "Chưa cần làm gì thêm; UBND xã đang xác minh sổ hộ tịch gốc.",
				Pickup:         pickupDesk,
			}
		},
	},
}

// DemoDossiers lists the demo dossiers in a fixed order.
func DemoDossiers() []Demo {
	out := make([]Demo, len(demos))
	for i, d := range demos {
		out[i] = d.Demo
	}
	return out
}

// findDemo returns the demo dossier with the given code, letter case aside.
func findDemo(code string) (*demoDossier, bool) {
	for i := range demos {
		if strings.EqualFold(demos[i].Code, code) {
			return &demos[i], true
		}
	}
	procedures() // draws the generated dossiers
	for i := range generated {
		if strings.EqualFold(generated[i].Code, code) {
			return &generated[i], true
		}
	}
	return nil, false
}

// dossier builds the demo's dossier as it stands at now.
func (d *demoDossier) dossier(now time.Time) firmware.Dossier {
	out := d.build(dayOf(now))
	out.Code = d.Code
	return out
}
