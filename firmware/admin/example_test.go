package admin_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/admin"
)

// reporter stands for storage.Ledger, which the main program passes.
type reporter struct{}

func (reporter) Report(_ context.Context, from, to time.Time) (firmware.Report, error) {
	return firmware.Report{From: from, To: to, Total: 42}, nil
}

func Example() {
	h, err := admin.New(&admin.Opts{
		Token:    "t0ken-from-the-secrets-file-32-bytes-or-more",
		KioskID:  "BK-0001",
		Version:  "1.0.0",
		Reporter: reporter{},
	})
	if err != nil {
		log.Fatal(err)
	}
	// The main program serves h with admin.Serve on the configured
	// address; here a recorder stands in for the network.
	for _, auth := range []string{"", "Bearer t0ken-from-the-secrets-file-32-bytes-or-more"} {
		r := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("WWW-Authenticate"))
	}
	// Output:
	// 401 Bearer realm="kiosk admin"
	// 200
}
