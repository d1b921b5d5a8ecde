package portalsim

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/motcua/kiosk/firmware"
)

// moreFields is the rest of the demo catalog: procedures a commune and its
// district handle, by field, as the national procedure database names them.
// Their codes, levels, fees, times and papers are drawn from a fixed seed,
// so the catalog (and its ETag) is the same in every run.
var moreFields = []struct {
	field string
	days  [2]int   // processing days, from–to
	fees  []int64  // fees to draw from, in đồng
	docs  []string // papers every procedure of the field asks for, besides the form
	names []string
}{
	{"Hộ tịch", [2]int{1, 5}, []int64{0, 0, 5000, 8000, 15000}, []string{"Giấy tờ tùy thân của người yêu cầu (căn cước công dân, hộ chiếu)"}, []string{
		"Đăng ký khai sinh lưu động", "Đăng ký kết hôn lưu động", "Đăng ký khai tử lưu động",
		"Đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới", "Đăng ký kết hôn có yếu tố nước ngoài tại khu vực biên giới",
		"Đăng ký giám hộ", "Đăng ký chấm dứt giám hộ", "Đăng ký thay đổi giám hộ",
		"Đăng ký lại kết hôn", "Đăng ký lại khai tử", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
		"Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
		"Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất",
		"Cấp văn bản xác nhận thông tin hộ tịch", "Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài tại khu vực biên giới",
		"Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài",
	}},
	{"Chứng thực", [2]int{1, 2}, []int64{2000, 10000, 30000, 50000}, []string{"Giấy tờ tùy thân của người yêu cầu chứng thực"}, []string{
		"Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
		"Chứng thực hợp đồng, giao dịch liên quan đến thực hiện quyền của người sử dụng đất", "Chứng thực hợp đồng, giao dịch liên quan đến nhà ở",
		"Chứng thực di chúc", "Chứng thực văn bản từ chối nhận di sản", "Chứng thực văn bản thỏa thuận phân chia di sản",
		"Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", "Sửa lỗi sai sót trong hợp đồng, giao dịch đã được chứng thực",
		"Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực", "Chứng thực chữ ký người dịch",
	}},
	{"Đăng ký, quản lý cư trú", [2]int{1, 7}, []int64{0, 7000, 10000, 15000, 20000}, []string{"Tờ khai thay đổi thông tin cư trú (mẫu CT01)"}, []string{
		"Đăng ký tạm trú", "Gia hạn tạm trú", "Xóa đăng ký thường trú", "Xóa đăng ký tạm trú", "Tách hộ",
		"Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú", "Khai báo tạm vắng", "Thông báo lưu trú",
		"Xác nhận thông tin về cư trú", "Khai báo thông tin về cư trú đối với người chưa đủ điều kiện đăng ký thường trú, tạm trú",
	}},
	{"Đất đai", [2]int{5, 30}, []int64{0, 25000, 50000, 100000}, []string{"Bản gốc Giấy chứng nhận đã cấp (nếu có)", "Giấy tờ tùy thân của người sử dụng đất"}, []string{
		"Đăng ký biến động quyền sử dụng đất do thừa kế", "Đăng ký biến động quyền sử dụng đất do tặng cho",
		"Đăng ký biến động do đổi tên, thay đổi thông tin người sử dụng đất", "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
		"Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
		"Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất", "Đính chính Giấy chứng nhận đã cấp",
		"Tách thửa hoặc hợp thửa đất", "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
		"Gia hạn sử dụng đất nông nghiệp của hộ gia đình, cá nhân", "Xác nhận tiếp tục sử dụng đất nông nghiệp khi hết hạn sử dụng đất",
		"Hòa giải tranh chấp đất đai", "Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch UBND cấp huyện",
		"Thu hồi đất do người sử dụng đất tự nguyện trả lại đất", "Đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý",
		"Cung cấp thông tin, dữ liệu đất đai", "Đăng ký tài sản gắn liền với đất vào Giấy chứng nhận đã cấp",
	}},
	{"Xây dựng", [2]int{10, 20}, []int64{0, 50000, 75000, 150000}, []string{"Bản sao giấy tờ về quyền sử dụng đất", "Bản vẽ thiết kế xây dựng"}, []string{
		"Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ",
		"Cấp giấy phép di dời đối với công trình", "Điều chỉnh giấy phép xây dựng đối với nhà ở riêng lẻ",
		"Gia hạn giấy phép xây dựng", "Cấp lại giấy phép xây dựng", "Thẩm định Báo cáo kinh tế - kỹ thuật đầu tư xây dựng",
		"Cấp giấy phép xây dựng có thời hạn đối với nhà ở riêng lẻ", "Cấp phép đào đường, vỉa hè để thi công công trình",
	}},
	{"Bảo trợ xã hội", [2]int{7, 25}, []int64{0}, []string{"Tờ khai đề nghị trợ giúp xã hội theo mẫu"}, []string{
		"Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", "Đổi, cấp lại Giấy xác nhận khuyết tật",
		"Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
		"Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội",
		"Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", "Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm",
		"Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng", "Chi trả trợ cấp xã hội hằng tháng khi đối tượng thay đổi nơi cư trú",
		"Hỗ trợ kinh phí nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp", "Trợ giúp xã hội khẩn cấp về hỗ trợ chi phí điều trị người bị thương nặng",
		"Đăng ký nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp",
	}},
	{"Người có công", [2]int{5, 20}, []int64{0}, []string{"Bản sao giấy tờ chứng minh là người có công hoặc thân nhân"}, []string{
		"Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", "Hỗ trợ người có công đi làm phương tiện, dụng cụ trợ giúp chỉnh hình",
		"Giải quyết chế độ mai táng phí đối với cựu chiến binh", "Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ",
		"Di chuyển hài cốt liệt sĩ đang an táng tại nghĩa trang liệt sĩ đi nơi khác theo nguyện vọng của đại diện thân nhân",
		"Đề nghị tặng, truy tặng danh hiệu vinh dự nhà nước Bà mẹ Việt Nam anh hùng", "Giải quyết chế độ ưu đãi đối với con đẻ của người hoạt động kháng chiến bị nhiễm chất độc hóa học",
		"Hưởng trợ cấp khi người có công đang hưởng trợ cấp ưu đãi từ trần", "Giải quyết chế độ trợ cấp một lần đối với người được cử làm chuyên gia sang giúp Lào, Campuchia",
		"Sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công", "Cấp trích lục hoặc sao hồ sơ người có công với cách mạng",
		"Hỗ trợ cải thiện nhà ở đối với người có công với cách mạng",
	}},
	{"Lao động, việc làm", [2]int{3, 15}, []int64{0}, []string{"Giấy tờ tùy thân của người lao động"}, []string{
		"Hỗ trợ học nghề cho lao động nông thôn", "Đăng ký tham gia bảo hiểm xã hội tự nguyện", "Giải quyết hưởng trợ cấp thất nghiệp",
		"Xác nhận người lao động thuộc hộ gia đình làm nông nghiệp, lâm nghiệp có mức sống trung bình để vay vốn",
		"Đăng ký nhu cầu đi làm việc ở nước ngoài theo hợp đồng", "Hỗ trợ tạo việc làm từ Quỹ quốc gia về việc làm",
		"Xác nhận đơn đề nghị vay vốn giải quyết việc làm", "Thông báo tìm kiếm việc làm hằng tháng",
	}},
	{"Giáo dục và đào tạo", [2]int{3, 15}, []int64{0}, []string{"Bản sao giấy khai sinh của học sinh"}, []string{
		"Chuyển trường đối với học sinh trung học cơ sở", "Chuyển trường đối với học sinh tiểu học",
		"Xét tuyển sinh vào trường phổ thông dân tộc nội trú", "Hỗ trợ ăn trưa đối với trẻ em mẫu giáo",
		"Trợ cấp đối với trẻ em mẫu giáo, học sinh, sinh viên là người dân tộc thiểu số rất ít người",
		"Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú đang học tại các trường ở xã, thôn đặc biệt khó khăn",
		"Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Chỉnh sửa nội dung văn bằng, chứng chỉ",
		"Thành lập nhóm trẻ, lớp mẫu giáo độc lập", "Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động giáo dục",
		"Miễn, giảm học phí và hỗ trợ chi phí học tập", "Công nhận xã đạt chuẩn phổ cập giáo dục, xóa mù chữ",
	}},
	{"Y tế", [2]int{1, 10}, []int64{0}, []string{"Thẻ bảo hiểm y tế (nếu có)"}, []string{
		"Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "Cấp thẻ bảo hiểm y tế cho người thuộc hộ nghèo, cận nghèo",
		"Cấp lại, đổi thẻ bảo hiểm y tế", "Đề nghị hưởng chế độ ốm đau", "Đề nghị hưởng chế độ thai sản",
		"Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
	}},
	{"Văn hóa, thể thao, du lịch", [2]int{5, 15}, []int64{0}, []string{"Văn bản đề nghị theo mẫu"}, []string{
		"Xét tặng danh hiệu Gia đình văn hóa hằng năm", "Xét tặng Giấy khen Gia đình văn hóa",
		"Công nhận lần đầu Thôn văn hóa, Làng văn hóa", "Công nhận lại Thôn văn hóa, Làng văn hóa",
		"Thông báo tổ chức lễ hội cấp xã", "Đăng ký hoạt động thư viện tư nhân có vốn sách ban đầu từ 500 bản đến dưới 1.000 bản",
		"Thủ tục thông báo tổ chức biểu diễn nghệ thuật", "Đăng ký tổ chức giải thi đấu thể thao phong trào cấp xã",
	}},
	{"Nông nghiệp, lâm nghiệp", [2]int{3, 15}, []int64{0, 0, 30000}, []string{"Đơn đề nghị theo mẫu"}, []string{
		"Phê duyệt kế hoạch khuyến nông địa phương", "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai",
		"Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do dịch bệnh động vật", "Xác nhận nguồn gốc gỗ khai thác từ rừng trồng",
		"Phê duyệt hồ sơ thiết kế, dự toán công trình lâm sinh", "Đăng ký khai thác tận thu gỗ trong vườn nhà, trang trại",
		"Giao rừng cho hộ gia đình, cá nhân", "Cho thuê rừng đối với hộ gia đình, cá nhân",
		"Xác nhận bảng kê lâm sản", "Hỗ trợ đầu tư xây dựng phát triển thủy lợi nhỏ, thủy lợi nội đồng",
		"Công nhận và giao quyền quản lý cho tổ chức đại diện người dân ở địa phương tham gia quản lý bảo vệ nguồn lợi thủy sản",
		"Đăng ký kê khai số lượng chăn nuôi tập trung",
	}},
	{"Môi trường", [2]int{5, 15}, []int64{0}, []string{"Kế hoạch bảo vệ môi trường theo mẫu"}, []string{
		"Đăng ký kế hoạch bảo vệ môi trường", "Tham vấn trong đánh giá tác động môi trường",
		"Đăng ký khai thác nước dưới đất", "Giải quyết tranh chấp về môi trường trên địa bàn xã",
		"Xác nhận đề án bảo vệ môi trường đơn giản",
	}},
	{"Thành lập và hoạt động của hộ kinh doanh", [2]int{3, 3}, []int64{50000, 100000}, []string{"Giấy đề nghị đăng ký hộ kinh doanh", "Bản sao giấy tờ pháp lý của chủ hộ kinh doanh"}, []string{
		"Đăng ký thành lập hộ kinh doanh", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
		"Tạm ngừng hoạt động hộ kinh doanh", "Chấm dứt hoạt động hộ kinh doanh",
		"Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", "Thông báo thay đổi chủ hộ kinh doanh",
		"Cấp Giấy phép bán lẻ rượu", "Cấp Giấy phép bán lẻ sản phẩm thuốc lá",
	}},
	{"Thành lập và hoạt động của hợp tác xã", [2]int{3, 5}, []int64{0, 100000}, []string{"Điều lệ hợp tác xã", "Danh sách thành viên"}, []string{
		"Đăng ký thành lập hợp tác xã", "Đăng ký thay đổi tên, địa chỉ trụ sở chính của hợp tác xã",
		"Tạm ngừng hoạt động của hợp tác xã", "Giải thể tự nguyện hợp tác xã", "Đăng ký thành lập chi nhánh của hợp tác xã",
		"Cấp lại giấy chứng nhận đăng ký hợp tác xã", "Đăng ký khi hợp tác xã chia", "Đăng ký khi hợp tác xã hợp nhất",
	}},
	{"Tôn giáo, tín ngưỡng", [2]int{5, 20}, []int64{0}, []string{"Văn bản đăng ký theo mẫu"}, []string{
		"Đăng ký hoạt động tín ngưỡng", "Đăng ký bổ sung hoạt động tín ngưỡng", "Đăng ký sinh hoạt tôn giáo tập trung",
		"Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động tôn giáo ở một xã",
		"Thông báo tổ chức quyên góp trong địa bàn một xã của cơ sở tín ngưỡng, tổ chức tôn giáo",
		"Đề nghị thay đổi địa điểm sinh hoạt tôn giáo tập trung trong địa bàn một xã",
		"Thông báo về việc thay đổi địa điểm sinh hoạt tôn giáo tập trung",
	}},
	{"Thi đua, khen thưởng", [2]int{5, 15}, []int64{0}, []string{"Tờ trình đề nghị khen thưởng", "Báo cáo thành tích"}, []string{
		"Tặng danh hiệu Lao động tiên tiến", "Tặng Giấy khen của Chủ tịch UBND cấp xã về thành tích thi đua theo đợt, chuyên đề",
		"Tặng Giấy khen của Chủ tịch UBND cấp xã về thành tích đột xuất", "Tặng Giấy khen cho gia đình",
		"Tặng danh hiệu Chiến sĩ thi đua cơ sở",
	}},
	{"Giải quyết khiếu nại, tố cáo", [2]int{10, 30}, []int64{0}, []string{"Đơn khiếu nại hoặc tố cáo", "Tài liệu, chứng cứ kèm theo (nếu có)"}, []string{
		"Giải quyết khiếu nại lần đầu tại cấp xã", "Giải quyết tố cáo tại cấp xã", "Tiếp công dân tại cấp xã",
		"Xử lý đơn tại cấp xã", "Giải quyết khiếu nại lần hai tại cấp huyện",
	}},
	{"Nuôi con nuôi", [2]int{15, 30}, []int64{400000}, []string{"Giấy khai sinh của người được nhận làm con nuôi", "Giấy khám sức khỏe"}, []string{
		"Đăng ký việc nuôi con nuôi trong nước", "Đăng ký lại việc nuôi con nuôi trong nước",
		"Giải quyết việc người nước ngoài cư trú ở khu vực biên giới nước láng giềng nhận trẻ em Việt Nam làm con nuôi",
	}},
	{"Trẻ em", [2]int{5, 15}, []int64{0}, []string{"Giấy khai sinh của trẻ em"}, []string{
		"Áp dụng các biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em khỏi môi trường hoặc người gây tổn hại cho trẻ em",
		"Chấm dứt việc chăm sóc thay thế cho trẻ em", "Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em bị xâm hại",
		"Đăng ký nhận chăm sóc thay thế cho trẻ em đối với cá nhân, người đại diện gia đình nhận chăm sóc thay thế",
		"Chuyển trẻ em đang được chăm sóc thay thế tại cơ sở trợ giúp xã hội đến cá nhân, gia đình nhận chăm sóc thay thế",
	}},
	{"Phòng, chống tệ nạn xã hội", [2]int{5, 10}, []int64{0}, []string{"Đơn đề nghị theo mẫu"}, []string{
		"Quyết định cai nghiện ma túy tự nguyện tại gia đình, cộng đồng", "Hỗ trợ học văn hóa, học nghề, trợ cấp khó khăn ban đầu cho nạn nhân bị mua bán",
		"Đăng ký cai nghiện ma túy tự nguyện", "Xác nhận là nạn nhân bị mua bán",
	}},
	{"Giao thông vận tải", [2]int{3, 10}, []int64{0, 50000}, []string{"Đơn đề nghị theo mẫu"}, []string{
		"Đăng ký phương tiện thủy nội địa lần đầu", "Xóa giấy chứng nhận đăng ký phương tiện thủy nội địa",
		"Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ của đường xã",
		"Cấp giấy phép thi công nút giao đấu nối vào đường xã",
	}},
	{"Công tác dân tộc", [2]int{5, 15}, []int64{0}, []string{"Văn bản đề nghị theo mẫu"}, []string{
		"Công nhận người có uy tín trong đồng bào dân tộc thiểu số", "Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số",
		"Hỗ trợ đất ở, nhà ở, đất sản xuất, nước sinh hoạt cho hộ đồng bào dân tộc thiểu số nghèo",
	}},
	{"Bồi thường nhà nước", [2]int{15, 30}, []int64{0}, []string{"Văn bản yêu cầu bồi thường", "Văn bản làm căn cứ yêu cầu bồi thường"}, []string{
		"Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ gây thiệt hại",
		"Phục hồi danh dự", "Giải quyết yêu cầu bồi thường tại cơ quan có trách nhiệm bồi thường",
	}},
}

// moreCatalog draws the generated part of the catalog.
func moreCatalog(taken map[string]bool) []firmware.Procedure {
	rng := rand.New(rand.NewPCG(20241101, 13))
	var out []firmware.Procedure
	for _, f := range moreFields {
		for _, name := range f.names {
			code := ""
			for code == "" || taken[code] {
				code = fmt.Sprintf("%d.%06d", 1+rng.IntN(2), 100+rng.IntN(5900))
			}
			taken[code] = true
			level := firmware.LevelPartial
			switch n := rng.IntN(10); {
			case n < 3:
				level = firmware.LevelFull
			case n >= 8:
				level = firmware.LevelInfo
			}
			days := f.days[0] + rng.IntN(f.days[1]-f.days[0]+1)
			fee := f.fees[rng.IntN(len(f.fees))]
			docs := append([]string{"Tờ khai, đơn đề nghị " + lowerFirst(name) + " theo mẫu"}, f.docs...)
			out = append(out, firmware.Procedure{
				Code:           code,
				Name:           name,
				Field:          f.field,
				Level:          level,
				ProcessingDays: days,
				FeeVND:         fee,
				FeeNote:        feeNote(fee),
				Documents:      docs,
				OnlineURL:      onlineURL(code),
			})
		}
	}
	return out
}

func feeNote(fee int64) string {
	if fee == 0 {
		return "Không mất phí, lệ phí."
	}
	return thousands(fee) + " đồng/hồ sơ."
}

// thousands writes n with dots between thousands, as Vietnamese does.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
