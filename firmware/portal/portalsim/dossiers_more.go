package portalsim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// The generated dossiers: a few hundred more, drawn from a fixed seed over
// the whole catalog and every status, for demos of a busy office and for
// tests that need volume. Their codes are 000.00.13.H06-YYMMDD-1NNN, so they
// never meet the fixed demos' codes; one in eight needs a secret code.

// generatedCount is how many dossiers are generated.
const generatedCount = 300

var (
	procedureOnce sync.Once
	allProcs      []firmware.Procedure
	generated     []demoDossier
)

// procedures returns the whole demo catalog: the hand-written procedures
// first, then the generated ones.
func procedures() []firmware.Procedure {
	procedureOnce.Do(func() {
		taken := map[string]bool{}
		for _, p := range catalog {
			taken[p.Code] = true
		}
		allProcs = append(append([]firmware.Procedure{}, catalog...), moreCatalog(taken)...)
		generated = generateDossiers(allProcs)
	})
	return allProcs
}

var (
	familyNames = []string{"Hoàng", "Nông", "Ma", "Triệu", "Lý", "Hà", "Đàm", "Bế", "Dương", "Lục", "Lường", "Đinh", "Hứa", "Mông", "Phùng", "Bàn", "Chu", "Nguyễn", "Lâm", "Vi"}
	middleMale  = []string{"Văn", "Đức", "Minh", "Quang", "Văn"}
	middleFem   = []string{"Thị", "Thị", "Thu", "Ngọc", "Thị"}
	givenMale   = []string{"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Lâm", "Mạnh", "Nam", "Phong", "Quân", "Sáng", "Thành", "Tiến", "Trung", "Vũ", "Xuân"}
	givenFem    = []string{"Anh", "Chi", "Dung", "Giang", "Hạnh", "Hoa", "Hồng", "Lan", "Liên", "Linh", "Mai", "Nga", "Nhung", "Phương", "Thảo", "Trang", "Tuyết", "Yến"}
	// statusWeights: most dossiers are being processed or are done.
	statusWeights = []struct {
		s firmware.Status
		w int
	}{
		{firmware.StatusSubmitted, 6}, {firmware.StatusAccepted, 8}, {firmware.StatusNotAccepted, 3},
		{firmware.StatusInProgress, 25}, {firmware.StatusMorePapers, 8}, {firmware.StatusFeesDue, 6},
		{firmware.StatusWithdrawn, 2}, {firmware.StatusStopped, 2}, {firmware.StatusReady, 15},
		{firmware.StatusHandedOver, 25},
	}
	secretAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
)

func generateDossiers(procs []firmware.Procedure) []demoDossier {
	rng := rand.New(rand.NewPCG(20241105, 42))
	total := 0
	for _, sw := range statusWeights {
		total += sw.w
	}
	out := make([]demoDossier, 0, generatedCount)
	for i := range generatedCount {
		p := procs[rng.IntN(len(procs))]
		st := pickStatus(rng.IntN(total))
		female := rng.IntN(2) == 0
		name := familyNames[rng.IntN(len(familyNames))]
		if female {
			name += " " + middleFem[rng.IntN(len(middleFem))] + " " + givenFem[rng.IntN(len(givenFem))]
		} else {
			name += " " + middleMale[rng.IntN(len(middleMale))] + " " + givenMale[rng.IntN(len(givenMale))]
		}
		channel := firmware.ChannelInPerson
		switch n := rng.IntN(10); {
		case n < 3 && p.Level != firmware.LevelInfo:
			channel = firmware.ChannelOnline
		case n == 9:
			channel = firmware.ChannelPost
		}
		days := max(p.ProcessingDays, 1)
		age := 1 + rng.IntN(days+10)          // days since received
		lateBy := 0                           // open dossiers past their date
		if !st.Closed() && rng.IntN(5) == 0 { // one in five open ones is late
			lateBy = 1 + rng.IntN(6)
			age = days + lateBy
		} else if !st.Closed() && age > days {
			age = max(1, days-1-rng.IntN(max(days-1, 1)))
		}
		secret := ""
		if rng.IntN(8) == 0 {
			var b strings.Builder
			for range 6 {
				b.WriteByte(secretAlphabet[rng.IntN(len(secretAlphabet))])
			}
			secret = b.String()
		}
		mmdd := fmt.Sprintf("24%02d%02d", 9+rng.IntN(3), 1+rng.IntN(28))
		code := fmt.Sprintf("000.00.13.H06-%s-%04d", mmdd, 1001+i)
		hour := 7 + rng.IntN(9)
		paid := rng.IntN(2) == 0
		g := genDossier{proc: p, status: st, name: name, channel: channel, age: age, days: days, hour: hour, paid: paid}
		out = append(out, demoDossier{
			Demo:  Demo{Code: code, Secret: secret, Note: "generated: " + st.English()},
			build: g.build,
		})
	}
	return out
}

// genDossier is what a generated dossier is drawn from; build places it
// around the sim's day like the fixed demos.
type genDossier struct {
	proc      firmware.Procedure
	status    firmware.Status
	name      string
	channel   firmware.Channel
	age, days int
	hour      int
	paid      bool
}

func (g genDossier) build(c day) firmware.Dossier {
	received := c.at(-g.age, g.hour, 15)
	due := c.at(-g.age+g.days, 17, 0)
	d := firmware.Dossier{
		Procedure:  firmware.ProcedureRef{Code: g.proc.Code, Name: g.proc.Name, Level: g.proc.Level},
		Applicant:  firmware.Applicant{Name: g.name},
		Agency:     commune,
		Channel:    g.channel,
		Status:     status(g.status),
		ReceivedAt: received,
		DueAt:      due,
		Fees:       []firmware.Fee{},
		Pickup:     pickupHours,
	}
	first := firmware.StatusAccepted
	unit := unitOneStop
	if g.channel == firmware.ChannelOnline {
		first, unit = firmware.StatusSubmitted, "Cổng dịch vụ công quốc gia"
	}
	d.History = append(d.History, step(received, first, unit, "Tiếp nhận hồ sơ."))
	// Every step is on the day received or later, and before the sim's
	// day: received is at least a day ago and the steps an hour apart.
	mid := received.Add(time.Hour)
	switch g.status {
	case firmware.StatusSubmitted:
		d.History = []firmware.HistoryEntry{step(received, firmware.StatusSubmitted, "Cổng dịch vụ công quốc gia", "Nộp hồ sơ trực tuyến.")}
		d.RequiredAction = "Chờ Bộ phận một cửa kiểm tra và tiếp nhận hồ sơ."
	case firmware.StatusAccepted:
		if first != firmware.StatusAccepted {
			d.History = append(d.History, step(mid, firmware.StatusAccepted, unitOneStop, "Tiếp nhận hồ sơ nộp trực tuyến."))
		}
	case firmware.StatusNotAccepted:
		d.History = append(d.History, step(mid, firmware.StatusNotAccepted, unitOneStop, "Không tiếp nhận: hồ sơ chưa đủ thành phần."))
		d.RequiredAction = "Hồ sơ chưa đủ thành phần theo quy định. Xem danh mục giấy tờ của thủ tục rồi nộp lại hồ sơ mới."
	case firmware.StatusInProgress:
		d.History = append(d.History, step(mid, firmware.StatusInProgress, unitJustice, "Đang thẩm định hồ sơ."))
	case firmware.StatusMorePapers:
		d.History = append(d.History, step(mid, firmware.StatusMorePapers, unitJustice, "Đề nghị bổ sung giấy tờ."))
		d.RequiredAction = "Bổ sung " + strings.ToLower(g.proc.Documents[len(g.proc.Documents)-1][:1]) + g.proc.Documents[len(g.proc.Documents)-1][1:] + " tại Bộ phận một cửa."
	case firmware.StatusFeesDue:
		d.History = append(d.History, step(mid, firmware.StatusFeesDue, unitOneStop, "Thông báo nộp phí, lệ phí."))
		d.Fees = append(d.Fees, firmware.Fee{Name: "Lệ phí " + lowerFirst(g.proc.Name), AmountVND: max(g.proc.FeeVND, 10000)})
		d.RequiredAction = "Nộp phí, lệ phí tại Bộ phận một cửa hoặc trên Cổng dịch vụ công quốc gia."
	case firmware.StatusWithdrawn:
		d.History = append(d.History, step(mid, firmware.StatusWithdrawn, unitOneStop, "Công dân có đơn xin rút hồ sơ."))
	case firmware.StatusStopped:
		d.History = append(d.History, step(mid, firmware.StatusStopped, unitLeaders, "Dừng xử lý theo quy định."))
		d.RequiredAction = "Liên hệ Bộ phận một cửa để biết lý do và cách làm tiếp."
	case firmware.StatusReady, firmware.StatusHandedOver:
		done := c.at(-max(g.age-g.days, 1), 15, 0)
		if done.Before(received.Add(2 * time.Hour)) {
			done = received.Add(2 * time.Hour)
		}
		d.History = append(d.History, step(mid, firmware.StatusInProgress, unitJustice, "Đang thẩm định hồ sơ."))
		d.History = append(d.History, step(done, firmware.StatusReady, unitLeaders, "Đã ký kết quả."))
		d.CompletedAt = ptr(done)
		if g.status == firmware.StatusHandedOver {
			back := done.Add(time.Hour)
			d.History = append(d.History, step(back, firmware.StatusHandedOver, unitOneStop, "Đã trả kết quả."))
			d.ReturnedAt = ptr(back)
		}
	}
	if g.proc.FeeVND > 0 && g.status != firmware.StatusFeesDue {
		d.Fees = append(d.Fees, firmware.Fee{Name: "Lệ phí " + lowerFirst(g.proc.Name), AmountVND: g.proc.FeeVND,
			Paid: g.paid || g.status == firmware.StatusHandedOver})
	}
	return d
}

func pickStatus(n int) firmware.Status {
	for _, sw := range statusWeights {
		if n < sw.w {
			return sw.s
		}
		n -= sw.w
	}
	return firmware.StatusInProgress
}

// GeneratedDossiers lists the generated dossiers, in a fixed order.
func GeneratedDossiers() []Demo {
	procedures()
	out := make([]Demo, len(generated))
	for i, d := range generated {
		out[i] = d.Demo
	}
	return out
}
