package kiosk

import (
	"net"
	"reflect"
	"testing"
)

func TestShownAddrs(t *testing.T) {
	cidr := func(s string) net.Addr {
		ip, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		n.IP = ip
		return n
	}
	got := shownAddrs([]net.Addr{
		cidr("fe80::ba27:ebff:fe01:2345/64"),
		cidr("2001:db8::42/64"),
		cidr("127.0.0.1/8"),
		cidr("192.168.1.42/24"),
		cidr("::1/128"),
		cidr("169.254.10.2/16"),
		cidr("192.168.1.42/24"),
	})
	want := []string{"192.168.1.42", "169.254.10.2", "2001:db8::42"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("addresses %v, want %v", got, want)
	}
}
