package portalsim

import (
	"time"

	"github.com/motcua/kiosk/firmware"
)

// catalogAsOf is when the demo catalog was last published. It is fixed so
// that the catalog's body, and so its ETag, never change while a sim runs.
var catalogAsOf = time.Date(2024, time.November, 1, 8, 0, 0, 0, ict)

// onlineURL is where the national portal describes a procedure, the page a
// citizen continues on after scanning the kiosk's QR code.
func onlineURL(code string) string {
	return "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=" + code
}

// catalog is the demo procedure catalog of a commune in Bắc Kạn. Codes follow
// the national database's style.
var catalog = []firmware.Procedure{
	{
		Code:           "1.001193",
		Name:           "Đăng ký khai sinh",
		Field:          "Hộ tịch",
		Level:          firmware.LevelFull,
		ProcessingDays: 1,
		FeeVND:         0,
		FeeNote:        "Miễn lệ phí khi đăng ký đúng hạn; bản sao trích lục 8.000 đồng/bản.",
		Documents: []string{
			"Tờ khai đăng ký khai sinh theo mẫu",
			"Giấy chứng sinh (bản chính)",
			"Giấy tờ tùy thân của người đi đăng ký (căn cước công dân, hộ chiếu)",
			"Giấy chứng nhận kết hôn của cha, mẹ (nếu có)",
		},
		OnlineURL: onlineURL("1.001193"),
	},
	{
		Code:           "1.004884",
		Name:           "Đăng ký lại khai sinh",
		Field:          "Hộ tịch",
		Level:          firmware.LevelPartial,
		ProcessingDays: 5,
		FeeVND:         5000,
		FeeNote:        "5.000 đồng/trường hợp.",
		Documents: []string{
			"Tờ khai đăng ký lại khai sinh theo mẫu",
			"Bản sao giấy tờ có thông tin khai sinh (học bạ, sổ hộ khẩu cũ, …)",
			"Giấy tờ tùy thân của người yêu cầu",
		},
		OnlineURL: onlineURL("1.004884"),
	},
	{
		Code:           "1.000894",
		Name:           "Đăng ký kết hôn",
		Field:          "Hộ tịch",
		Level:          firmware.LevelPartial,
		ProcessingDays: 1,
		FeeVND:         0,
		FeeNote:        "Miễn lệ phí; 5 ngày làm việc nếu cần xác minh.",
		Documents: []string{
			"Tờ khai đăng ký kết hôn theo mẫu",
			"Giấy tờ tùy thân của hai bên nam, nữ",
			"Giấy xác nhận tình trạng hôn nhân (nếu không thường trú tại xã)",
		},
		OnlineURL: onlineURL("1.000894"),
	},
	{
		Code:           "1.004873",
		Name:           "Cấp Giấy xác nhận tình trạng hôn nhân",
		Field:          "Hộ tịch",
		Level:          firmware.LevelPartial,
		ProcessingDays: 3,
		FeeVND:         3000,
		FeeNote:        "3.000 đồng/bản.",
		Documents: []string{
			"Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu",
			"Giấy tờ tùy thân của người yêu cầu",
			"Bản sao trích lục ghi chú ly hôn hoặc bản án, quyết định ly hôn (nếu đã ly hôn)",
		},
		OnlineURL: onlineURL("1.004873"),
	},
	{
		Code:           "1.004859",
		Name:           "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
		Field:          "Hộ tịch",
		Level:          firmware.LevelPartial,
		ProcessingDays: 3,
		FeeVND:         15000,
		FeeNote:        "15.000 đồng/trường hợp.",
		Documents: []string{
			"Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
			"Giấy tờ làm căn cứ cho việc thay đổi, cải chính",
			"Bản chính giấy tờ hộ tịch cần cải chính",
		},
		OnlineURL: onlineURL("1.004859"),
	},
	{
		Code:           "1.001022",
		Name:           "Đăng ký nhận cha, mẹ, con",
		Field:          "Hộ tịch",
		Level:          firmware.LevelPartial,
		ProcessingDays: 3,
		FeeVND:         0,
		FeeNote:        "Miễn lệ phí.",
		Documents: []string{
			"Tờ khai đăng ký nhận cha, mẹ, con theo mẫu",
			"Văn bản xác nhận của cơ quan y tế hoặc giám định ADN về quan hệ cha, con",
			"Giấy tờ tùy thân của các bên",
		},
		OnlineURL: onlineURL("1.001022"),
	},
	{
		Code:           "1.000656",
		Name:           "Đăng ký khai tử",
		Field:          "Hộ tịch",
		Level:          firmware.LevelFull,
		ProcessingDays: 1,
		FeeVND:         0,
		FeeNote:        "Miễn lệ phí khi đăng ký đúng hạn; bản sao trích lục 8.000 đồng/bản.",
		Documents: []string{
			"Tờ khai đăng ký khai tử theo mẫu",
			"Giấy báo tử hoặc giấy tờ thay Giấy báo tử",
			"Giấy tờ tùy thân của người đi đăng ký",
		},
		OnlineURL: onlineURL("1.000656"),
	},
	{
		Code:           "2.000635",
		Name:           "Cấp bản sao trích lục hộ tịch",
		Field:          "Hộ tịch",
		Level:          firmware.LevelFull,
		ProcessingDays: 1,
		FeeVND:         8000,
		FeeNote:        "8.000 đồng/bản sao; cước bưu chính nếu nhận kết quả qua bưu điện.",
		Documents: []string{
			"Tờ khai cấp bản sao trích lục hộ tịch theo mẫu",
			"Giấy tờ tùy thân của người yêu cầu",
		},
		OnlineURL: onlineURL("2.000635"),
	},
	{
		Code:           "2.000815",
		Name:           "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
		Field:          "Chứng thực",
		Level:          firmware.LevelPartial,
		ProcessingDays: 1,
		FeeVND:         2000,
		FeeNote:        "2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản.",
		Documents: []string{
			"Bản chính giấy tờ, văn bản cần chứng thực",
			"Bản sao cần chứng thực (nếu có)",
		},
		OnlineURL: onlineURL("2.000815"),
	},
	{
		Code:           "1.004194",
		Name:           "Đăng ký thường trú",
		Field:          "Đăng ký, quản lý cư trú",
		Level:          firmware.LevelFull,
		ProcessingDays: 7,
		FeeVND:         20000,
		FeeNote:        "20.000 đồng khi nộp trực tiếp; 10.000 đồng khi nộp trực tuyến.",
		Documents: []string{
			"Tờ khai thay đổi thông tin cư trú (mẫu CT01)",
			"Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp",
			"Văn bản đồng ý của chủ hộ hoặc chủ sở hữu chỗ ở (nếu có)",
		},
		OnlineURL: onlineURL("1.004194"),
	},
	{
		Code:           "1.004227",
		Name:           "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
		Field:          "Đất đai",
		Level:          firmware.LevelPartial,
		ProcessingDays: 30,
		FeeVND:         100000,
		FeeNote:        "Lệ phí cấp Giấy chứng nhận 100.000 đồng; chưa gồm tiền sử dụng đất và lệ phí trước bạ (nếu có).",
		Documents: []string{
			"Đơn đăng ký, cấp Giấy chứng nhận (mẫu 04/ĐK)",
			"Giấy tờ về quyền sử dụng đất (nếu có)",
			"Mảnh trích đo bản đồ địa chính thửa đất",
			"Chứng từ thực hiện nghĩa vụ tài chính (nếu có)",
		},
		OnlineURL: onlineURL("1.004227"),
	},
	{
		Code:           "1.003010",
		Name:           "Đăng ký biến động quyền sử dụng đất do chuyển nhượng",
		Field:          "Đất đai",
		Level:          firmware.LevelPartial,
		ProcessingDays: 10,
		FeeVND:         50000,
		FeeNote:        "Lệ phí cấp Giấy chứng nhận 50.000 đồng; thuế thu nhập cá nhân 2% và lệ phí trước bạ 0,5% giá chuyển nhượng.",
		Documents: []string{
			"Đơn đăng ký biến động đất đai (mẫu 11/ĐK)",
			"Hợp đồng chuyển nhượng đã công chứng hoặc chứng thực",
			"Bản gốc Giấy chứng nhận đã cấp",
			"Tờ khai thuế thu nhập cá nhân và lệ phí trước bạ",
		},
		OnlineURL: onlineURL("1.003010"),
	},
	{
		Code:           "1.001776",
		Name:           "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng",
		Field:          "Bảo trợ xã hội",
		Level:          firmware.LevelPartial,
		ProcessingDays: 20,
		FeeVND:         0,
		FeeNote:        "Không mất phí.",
		Documents: []string{
			"Tờ khai đề nghị trợ giúp xã hội theo mẫu",
			"Bản sao giấy tờ chứng minh đối tượng hưởng trợ cấp",
		},
		OnlineURL: onlineURL("1.001776"),
	},
	{
		Code:           "1.004946",
		Name:           "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình",
		Field:          "Lao động, thương binh và xã hội",
		Level:          firmware.LevelInfo,
		ProcessingDays: 7,
		FeeVND:         0,
		FeeNote:        "Không mất phí.",
		Documents: []string{
			"Giấy đề nghị xác nhận theo mẫu",
			"Giấy tờ tùy thân của chủ hộ",
		},
		OnlineURL: onlineURL("1.004946"),
	},
}

// procedureRef names a catalog procedure the way a dossier does. It panics
// for an unknown code: the demo data is fixed, so that is a bug caught by
// the first test.
func procedureRef(code string) firmware.ProcedureRef {
	for _, p := range catalog {
		if p.Code == code {
			return firmware.ProcedureRef{Code: p.Code, Name: p.Name, Level: p.Level}
		}
	}
	panic("portalsim: no procedure " + code + " in the demo catalog")
}
