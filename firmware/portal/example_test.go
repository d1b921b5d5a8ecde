package portal_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

// Example looks up demo dossiers in the simulator, as the kiosk does after a
// scan: once without a secret, and again with the receipt's secret when the
// portal asks for it.
func Example() {
	loc := time.FixedZone("ICT", 7*60*60)
	now := time.Date(2024, time.November, 6, 10, 0, 0, 0, loc)
	sim := portalsim.New(&portalsim.Opts{Token: "demo-token", Now: func() time.Time { return now }})
	srv := httptest.NewServer(sim)
	defer srv.Close()

	c, err := portal.New(srv.URL, &portal.Opts{Token: "demo-token", KioskID: "bk-dongphuc-01"})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	d, err := c.Lookup(ctx, "000.00.13.H06-241105-0042", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Procedure.Name, "–", firmware.MaskName(d.Applicant.Name))
	fmt.Println(d.Status.Label, "– còn", d.DaysLeft(now, loc), "ngày")

	_, err = c.Lookup(ctx, "000.00.13.H06-241021-0118", "")
	fmt.Println(firmware.ErrorCode(err))
	d, err = c.Lookup(ctx, "000.00.13.H06-241021-0118", "K7Q2M9")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Status.Label, "–", d.UnpaidVND(), "đồng")
	// Output:
	// Đăng ký khai sinh – Hoàng T. L.
	// Đang xử lý – còn 2 ngày
	// secret_required
	// Yêu cầu thực hiện nghĩa vụ tài chính – 3750000 đồng
}

// ExampleClient_Procedures fetches the catalog, then revalidates it with its
// ETag, as the kiosk's background sync does.
func ExampleClient_Procedures() {
	srv := httptest.NewServer(portalsim.New(nil))
	defer srv.Close()
	c, _ := portal.New(srv.URL, nil)
	ctx := context.Background()

	procs, _, etag, _, err := c.Procedures(ctx, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(procs[0].Code, procs[0].Name)
	_, _, _, notModified, err := c.Procedures(ctx, etag)
	fmt.Println(notModified, err)
	// Output:
	// 1.001193 Đăng ký khai sinh
	// true <nil>
}
