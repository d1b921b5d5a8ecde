package portalsim_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

// ExampleDemoDossiers lists the demo dossiers that need the receipt's secret
// code, as a README would.
func ExampleDemoDossiers() {
	for _, d := range portalsim.DemoDossiers() {
		if d.Secret != "" {
			fmt.Printf("%s (secret %s): %s\n", d.Code, d.Secret, d.Note)
		}
	}
	// Output:
	// 000.00.13.H06-241021-0118 (secret K7Q2M9): fees to pay, needs the receipt's secret code
}

// ExampleSim_SetFault serves the simulator and takes the portal down, as a
// technician does to watch a kiosk's banner and LED react.
func ExampleSim_SetFault() {
	sim := portalsim.New(nil)
	srv := httptest.NewServer(sim)
	defer srv.Close()

	sim.SetFault(portalsim.Down)
	resp, err := srv.Client().Get(srv.URL + "/v1/dossiers/000.00.13.H06-241105-0042")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, sim.Fault())
	// Output:
	// 503 down
}
